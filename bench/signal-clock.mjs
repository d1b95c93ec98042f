// Prints `ready`, then for each SIGUSR1 the wall clock in microseconds; exits 0 on SIGTERM.
const now = () => Math.round((performance.timeOrigin + performance.now()) * 1_000);
process.on('SIGUSR1', () => process.stdout.write(`usr1 ${now()}\n`));
process.on('SIGTERM', () => {
  process.stdout.write(`term ${now()}\n`);
  process.exit(0);
});
setInterval(() => {}, 1_000);
process.stdout.write('ready\n');
