import {stderr} from './stderr.ts';

// One line at the bottom of a terminal (a countdown) that log lines are written above.
export interface StatusLine {
  set: (text: string) => void;
  clear: () => void;
  // Writes a log chunk above the status line and draws the line again.
  write: (chunk: string) => void;
}

const ERASE = '\r\u001B[K';

// A status line written through `write`, in order with graceful's logs.
export const createStatusLine = (write: (text: string) => void): StatusLine => {
  let text = '';
  return {
    set: (next) => {
      text = next;
      write(`${ERASE}${text}`);
    },
    clear: () => {
      if (text !== '') {
        text = '';
        write(ERASE);
      }
    },
    write: (chunk) => {
      write(text === '' ? chunk : `${ERASE}${chunk}${text}`);
    },
  };
};

// The status line of graceful's stderr.
export const stderrStatus = createStatusLine(stderr.write);
