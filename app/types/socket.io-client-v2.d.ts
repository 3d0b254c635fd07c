// Minimal, precise typing of socket.io-client 2.x (installed as the npm alias `socket.io-client-v2`),
// limited to what Echo Tray uses. The 2.x package ships no types of its own.
declare module 'socket.io-client-v2' {
  namespace io {
    interface ConnectOpts {
      path?: string;
      forceNew?: boolean;
      multiplex?: boolean;
      reconnection?: boolean;
      timeout?: number;
      autoConnect?: boolean;
      transports?: string[];
      query?: Record<string, string>;
      extraHeaders?: Record<string, string>;
      rejectUnauthorized?: boolean;
    }
    interface Packet {
      type: number;
      nsp: string;
      data?: unknown[];
      id?: number;
    }
    interface Socket {
      readonly id: string;
      readonly connected: boolean;
      readonly io: Manager;
      on(event: string, listener: (...args: unknown[]) => void): Socket;
      off(event?: string, listener?: (...args: unknown[]) => void): Socket;
      emit(event: string, ...args: unknown[]): Socket;
      open(): Socket;
      close(): Socket;
      removeAllListeners(event?: string): Socket;
      /** Internal dispatch of every incoming event packet; patched to catch events by any name. */
      onevent(packet: Packet): void;
    }
    interface Manager {
      readonly engine: { readonly transport: { readonly name: string } } | undefined;
      /** Internal: each raw socket.io packet from engine.io, bound when the engine opens. Patched to size-check it. */
      ondata(data: unknown): void;
      on(event: string, listener: (...args: unknown[]) => void): Manager;
      close(): void;
    }
  }
  function io(uri: string, opts?: io.ConnectOpts): io.Socket;
  export = io;
}
