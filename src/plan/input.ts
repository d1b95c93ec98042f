import {readFile} from 'node:fs/promises';
import {text} from 'node:stream/consumers';
import {UsageError} from '../errors.ts';

// One manifest file, or stdin as `-`.
export interface InputFile {
  // How messages name it: the path, or `<stdin>`.
  name: string;
  text: string;
}

// Reads the named files in order, `-` from stdin (once); a missing file is a usage error naming it.
export const readInputFiles = async (flag: string, files: string[]): Promise<InputFile[]> => {
  if (files.filter((file) => file === '-').length > 1) {
    throw new UsageError(`${flag}: "-" (stdin) given more than once`);
  }

  const inputs: InputFile[] = [];
  for (const file of files) {
    if (file.trim() === '') {
      throw new UsageError(`${flag}: expected a manifest file or - for stdin, got ""`);
    }

    if (file === '-') {
      inputs.push({name: '<stdin>', text: await text(process.stdin)});
      continue;
    }

    try {
      inputs.push({name: file, text: await readFile(file, 'utf8')});
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      throw new UsageError(
        `${flag} ${file}: ${code === 'ENOENT' ? 'ENOENT: no such file' : code === 'EISDIR' ? 'EISDIR: a directory, expected a manifest file' : code}`,
      );
    }
  }

  return inputs;
};
