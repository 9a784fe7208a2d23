/**
 * Writes a run's HTML report (`--report <file.html>`, and the `report` command): renders the run
 * result with `@tradeloop/report` and writes it atomically, so a reader never sees half a file.
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { type RunResult, renderHtmlReport } from '@tradeloop/report';

/**
 * Renders `result` and writes it to `path` (directories created as needed). `redact` sees the
 * whole page before it is written: a bot run passes its secret scrubber (a reject reason may
 * quote what a server echoed).
 */
export async function writeHtmlReport(
  path: string,
  result: RunResult,
  redact: (text: string) => string = (text) => text,
): Promise<void> {
  const html = redact(renderHtmlReport(result));
  await mkdir(dirname(path), { recursive: true });
  const temporaryPath = `${path}.${process.pid}.partial`;
  await writeFile(temporaryPath, html, 'utf8');
  await rename(temporaryPath, path);
}
