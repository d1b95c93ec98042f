// A small HTTP server for trying graceful where nginx is not installed. Like many servers, it stops at once
// on SIGTERM; on SIGQUIT it stops gracefully (no new connections, finishes in-flight requests).
//   PORT=8080 node examples/server.mjs
import {createServer} from 'node:http';

const port = Number(process.env.PORT ?? 8080);
const server = createServer((_request, response) => {
  response.end(`ok from ${process.pid}\n`);
});

process.on('SIGTERM', () => process.exit(0));
process.on('SIGQUIT', () => {
  server.close(() => process.exit(0));
  server.closeIdleConnections();
});
server.listen(port, process.env.HOST ?? '127.0.0.1', () => {
  console.log(`listening on ${process.env.HOST ?? '127.0.0.1'}:${port}`);
});
