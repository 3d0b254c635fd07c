import { createServer } from 'node:net';

/**
 * A TCP port on 127.0.0.1 that was free a moment ago: listen on port 0, read the port the kernel
 * chose, close. Another process may grab it before the caller binds it; the server starters below
 * retry with a fresh port when their child fails to bind one they picked themselves.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ port: 0, host: '127.0.0.1', exclusive: true }, () => {
      const address = server.address();
      if (address === null || typeof address === 'string') {
        server.close();
        reject(new Error(`freePort: unexpected address ${String(address)}`));
        return;
      }
      const { port } = address;
      server.close((err) => (err ? reject(err) : resolve(port)));
    });
  });
}
