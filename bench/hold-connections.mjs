// Holds TCP connections open on loopback, for the drain's cost with a crowded socket table.
//   node hold-connections.mjs server         prints `port N`, accepts and keeps every connection
//   node hold-connections.mjs client PORT N  opens N connections to PORT, prints `ready N`, keeps them
// Two processes, since each end of 10,000 connections takes 10,000 descriptors.
import {connect, createServer} from 'node:net';

const [role, port = '0', count = '0'] = process.argv.slice(2);
const held = [];
if (role === 'server') {
  const server = createServer((socket) => held.push(socket));
  server.listen(0, '127.0.0.1', () => process.stdout.write(`port ${server.address().port}\n`));
} else {
  let open = 0;
  const next = () => {
    if (open === Number(count)) {
      process.stdout.write(`ready ${open}\n`);
      return;
    }

    const socket = connect(Number(port), '127.0.0.1', () => {
      open++;
      next();
    });
    socket.on('error', (error) => {
      process.stderr.write(`connection ${open + 1}: ${error.message}\n`);
      process.exit(1);
    });
    held.push(socket);
  };
  next();
}

setInterval(() => {}, 60_000);
