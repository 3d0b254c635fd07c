// Moved to app/demo/servers (shared by the tests and `npm run demo`).
export * from '../../app/demo/servers/ports.js';
