import {formatChoices, normalizeChoice, type OptionSpec} from '../config/option-spec.ts';
import {DEFAULT_LOG_LEVEL, LOG_FORMATS, LOG_LEVELS, type LogFormat, type LogLevel} from '../log.ts';

const LOG_LEVEL_OPTION = {
  name: 'log-level',
  kind: 'choice',
  choices: LOG_LEVELS,
  default: DEFAULT_LOG_LEVEL,
  describe: formatChoices(LOG_LEVELS),
} as const satisfies OptionSpec;

const LOG_FORMAT_OPTION = {
  name: 'log-format',
  kind: 'choice',
  choices: LOG_FORMATS,
  defaultText: 'json (pretty on a terminal)',
  describe: `${formatChoices(LOG_FORMATS)}; logs go to stderr`,
} as const satisfies OptionSpec;

// Logging options shared by every long-running command.
export const LOG_OPTIONS = [LOG_LEVEL_OPTION, LOG_FORMAT_OPTION] as const satisfies readonly OptionSpec[];

// Validates --log-level.
export const normalizeLogLevel = (value: unknown): LogLevel =>
  value === undefined ? LOG_LEVEL_OPTION.default : normalizeChoice(LOG_LEVEL_OPTION, value);

// Validates --log-format; without one, 'auto': pretty on a terminal and JSON elsewhere (resolveLogFormat).
export const normalizeLogFormat = (value: unknown): LogFormat | 'auto' =>
  value === undefined ? 'auto' : normalizeChoice(LOG_FORMAT_OPTION, value);
