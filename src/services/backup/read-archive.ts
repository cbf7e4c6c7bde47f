/** Reading an archive back: numbered lines out of gzip, and errors that say where. */
import fs from 'node:fs';
import zlib from 'node:zlib';

/** A backup or restore that cannot go on; the message is meant for the person running it. */
export class BackupError extends Error {
  override name = 'BackupError';
}

export interface ArchiveLine {
  number: number;
  text: string;
}

/** The archive's decompressed lines, numbered from 1; a damaged gzip stream throws. */
export async function* archiveLinesOf(file: string): AsyncGenerator<ArchiveLine> {
  const source = fs.createReadStream(file);
  const gunzip = zlib.createGunzip();
  source.on('error', (error) => gunzip.destroy(error));
  source.pipe(gunzip);
  gunzip.setEncoding('utf8');
  let rest = '';
  let number = 0;
  for await (const chunk of gunzip as AsyncIterable<string>) {
    rest += chunk;
    let newline = rest.indexOf('\n');
    while (newline >= 0) {
      yield { number: ++number, text: rest.slice(0, newline) };
      rest = rest.slice(newline + 1);
      newline = rest.indexOf('\n');
    }
  }
  if (rest !== '') yield { number: ++number, text: rest };
}

export function parseLine(line: ArchiveLine, where: string): unknown {
  try {
    return JSON.parse(line.text);
  } catch {
    throw new BackupError(`archive line ${line.number} (${where}) is not valid JSON: the archive is corrupt`);
  }
}
