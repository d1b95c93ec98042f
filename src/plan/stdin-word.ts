// The command's file arguments in the order given, with `-` (stdin) put back where it stood: yargs parses its
// positional arguments a second time as `--name value` and loses a value that starts with a dash.
export const restoreStdinWord = (files: string[], rawArgv: string[]): string[] => {
  if (!rawArgv.includes('-')) {
    return files;
  }

  const words = rawArgv.includes('--') ? rawArgv.slice(0, rawArgv.indexOf('--')) : rawArgv;
  const left = [...files];
  const ordered: string[] = [];
  for (const word of words) {
    if (word === '-') {
      ordered.push('-');
    } else if (left[0] === word) {
      ordered.push(word);
      left.shift();
    }
  }

  return [...ordered, ...left];
};
