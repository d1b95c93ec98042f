// Not an import: importing node:fs into an ES module reads every export, and its lazy streams cost each start 3 ms.
const {readdirSync, readlinkSync} = process.getBuiltinModule('node:fs');

/*
Node.js marks every descriptor it inherits close-on-exec before any JavaScript runs, so a child it spawns gets
only 0, 1 and 2. graceful passes on the others as tini does (socket activation, readiness pipes), and tells them
from Node's own by what they are: Node.js opens only anonymous inodes (epoll, eventfd, io_uring) and pipes whose
two ends it holds itself. Read once, at graceful's first instruction, before graceful opens any descriptor.
*/
export const findInheritedFds = (links: Map<number, string>): number[] => {
  const pipeEnds = new Map<string, number>();
  for (const link of links.values()) {
    if (link.startsWith('pipe:')) pipeEnds.set(link, (pipeEnds.get(link) ?? 0) + 1);
  }

  return [...links]
    .filter(([fd, link]) => fd > 2 && !link.startsWith('anon_inode:') && (pipeEnds.get(link) ?? 0) < 2)
    .map(([fd]) => fd)
    .sort((a, b) => a - b);
};

// Every descriptor above 2 of this process and what it points to; empty where /proc is not mounted.
const readFdLinks = (): Map<number, string> => {
  const links = new Map<number, string>();
  try {
    for (const name of readdirSync('/proc/self/fd')) {
      try {
        links.set(Number(name), readlinkSync(`/proc/self/fd/${name}`));
      } catch {
        // The descriptor readdir used for /proc/self/fd is closed by now.
      }
    }
  } catch {}

  return links;
};

// The descriptors above 2 that graceful inherited, as they were when it started.
export const inheritedFds = findInheritedFds(readFdLinks());
