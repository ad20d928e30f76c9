import { readFileSync, statSync } from 'node:fs';
import { CommandError } from '../args';

/**
 * The whole of a text file named by an option. A name that leads to no readable file is exit
 * code 2 (the option is wrong); a file that is not UTF-8 text, or is empty, is exit code 1.
 * Each is one line: the path and what is wrong.
 */
export function readTextFile(path: string, option: string, needs: string): string {
  let buf: Buffer;
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) throw new CommandError(`--${option}: ${path} is a directory, not a file`, 2);
    // A device or a pipe could be read for ever.
    if (!stat.isFile()) throw new CommandError(`--${option}: ${path} is not a regular file`, 2);
    buf = readFileSync(path);
  } catch (err) {
    if (err instanceof CommandError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (code ?? String(err));
    throw new CommandError(`--${option}: ${path}: ${why}`, 2);
  }
  if (buf.length === 0) throw new CommandError(`${path} is empty: it needs ${needs}`);
  const nul = buf.indexOf(0);
  if (nul >= 0) throw new CommandError(`${path} is not a text file (a NUL byte at offset ${nul})`);
  try {
    // fatal: a byte sequence that is not UTF-8 is refused rather than read as U+FFFD; a BOM is dropped.
    return new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    throw new CommandError(`${path} is not UTF-8 text`);
  }
}
