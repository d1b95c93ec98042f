// Writes to stdout or stderr and settles once the text is handed to the descriptor: graceful ends with
// process.exit, which would drop what a pipe had not taken yet.
export const writeOutput = (stream: NodeJS.WriteStream, text: string): Promise<void> =>
  new Promise((resolve) => {
    stream.write(text, () => resolve());
  });
