import {startupSnapshot} from 'node:v8';
import yargs from 'yargs';

/*
V8 compiles a function on its first call. While the snapshot is built, parse a command line once, so that
yargs' parser is already compiled in the snapshot instead of at every start. No --help: its layout would create
an Intl.Segmenter, which a snapshot cannot hold.
*/
if (startupSnapshot.isBuildingSnapshot()) {
  yargs()
    .env('GRACEFUL')
    .parserConfiguration({'populate--': true})
    .strict()
    .exitProcess(false)
    .command(
      '$0',
      'warm-up',
      (command) => command.option('drain', {type: 'string'}).option('signal-group', {type: 'boolean'}),
      () => {},
    )
    .fail(() => {})
    .parse(['--drain', '1s', '--signal-group', '--', 'true'], {}, () => {});
}
