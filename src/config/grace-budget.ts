import {UsageError} from '../errors.ts';
import {formatDuration} from './duration.ts';

// Throws when the windows, each named by its flag, add up to more than --grace-period: the kubelet's SIGKILL
// would come before they end.
export const validateGraceBudget = (
  windows: [flag: string, ms: number][],
  gracePeriodMs: number | undefined,
): void => {
  const budgetMs = windows.reduce((sum, [, ms]) => sum + ms, 0);
  if (gracePeriodMs === undefined || budgetMs <= gracePeriodMs) return;
  const flags = windows.map(([flag]) => flag).join(' + ');
  const values = windows.map(([, ms]) => formatDuration(ms)).join(' + ');
  throw new UsageError(
    `${flags} (${values} = ${formatDuration(budgetMs)}) exceed --grace-period (${formatDuration(gracePeriodMs)}): the kubelet would SIGKILL first`,
  );
};
