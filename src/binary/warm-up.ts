import {startupSnapshot} from 'node:v8';
import 'pino';
import yargs from 'yargs';
import {quickParse} from '../config/quick-parse.ts';

/*
V8 compiles a function on its first call. While the snapshot is built, parse command lines once, so that both
parsers are already compiled in the snapshot instead of at every start, and load pino into it. No --help: its
layout would create an Intl.Segmenter, which a snapshot cannot hold.
*/
if (startupSnapshot.isBuildingSnapshot()) {
  quickParse(['--drain', '1s', '--rewrite', 'SIGHUP:SIGUSR1', '--', 'true'], {});
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
