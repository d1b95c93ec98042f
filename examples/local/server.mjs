// A tiny HTTP server for trying graceful on a laptop: answers "ok", stops cleanly on SIGTERM.
//   node examples/local/server.mjs [PORT]
import {createServer} from 'node:http';

const port = Number(process.argv[2] ?? 8080);
const server = createServer((_request, response) => response.end('ok\n'));
server.listen(port, () => console.log(`listening on ${port}`));
process.on('SIGTERM', () => {
  console.log('SIGTERM: closing');
  server.close(() => process.exit(0));
  // Keep-alive connections would hold close() open.
  server.closeIdleConnections();
});
