import {writeSync} from 'node:fs';

// One line at the bottom of a terminal (a countdown) that log lines are written above.
export interface StatusLine {
  set: (text: string) => void;
  clear: () => void;
  // Writes a log chunk above the status line and draws the line again.
  write: (chunk: string) => void;
}

const ERASE = '\r\u001B[K';

// A status line on file descriptor `fd`, written synchronously like graceful's logs.
export const createStatusLine = (fd: number): StatusLine => {
  let text = '';
  return {
    set: (next) => {
      text = next;
      writeSync(fd, `${ERASE}${text}`);
    },
    clear: () => {
      if (text !== '') {
        text = '';
        writeSync(fd, ERASE);
      }
    },
    write: (chunk) => {
      writeSync(fd, text === '' ? chunk : `${ERASE}${chunk}${text}`);
    },
  };
};

// The status line of graceful's stderr.
export const stderrStatus = createStatusLine(2);
