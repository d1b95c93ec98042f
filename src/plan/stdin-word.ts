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
    // `--check=a.yaml` gives its value as a file too.
    const value = /^--[\w-]+=/.test(word) ? word.slice(word.indexOf('=') + 1) : word;
    if (word === '-') {
      ordered.push('-');
    } else if (left[0] === value) {
      ordered.push(value);
      left.shift();
    }
  }

  return [...ordered, ...left];
};
