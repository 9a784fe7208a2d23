import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/** Where a {@link LineReader} takes its bytes from: a file read in chunks, or bytes in memory. */
export type LineSource = { readonly path: string } | { readonly bytes: Buffer };

/** The first chunk's size: large enough for few reads, small enough to stay in the CPU's caches. */
const CHUNK_BYTES = 1 << 20;

/**
 * Reads `\n`-separated lines as byte ranges, without making a string of the whole text: a file is
 * read in chunks into one reused buffer (so a recording may be larger than the longest string V8
 * can hold, and reading it costs no more memory than a chunk). After `next()` returns true the
 * line is `bytes[start, end)` (without its `\n`); those bytes stay valid until the next call.
 * A line longer than the buffer grows it.
 */
export class LineReader {
  /** The bytes holding the current line. */
  bytes: Buffer;
  /** The current line's first byte. */
  start = 0;
  /** Just past the current line's last byte (its `\n`, or the end of the text). */
  end = 0;
  /** The current line's number, from 1. */
  lineNumber = 0;
  /** `bytes` decoded as Latin-1 when first asked for (see {@link text}). */
  #text: string | undefined;
  /** The source's size in bytes (a file's when opened). */
  readonly size: number;
  #position = 0;
  #filled: number;
  /** Where `bytes[0]` is in the source. */
  #bytesOffset = 0;
  #descriptor: number | undefined;

  /**
   * @param chunkBytes the file buffer's first size (tests make it small to cross chunk edges)
   * @throws the file system's error when the path cannot be opened
   */
  constructor(source: LineSource, chunkBytes = CHUNK_BYTES) {
    if ('bytes' in source) {
      this.bytes = source.bytes;
      this.#filled = source.bytes.length;
      this.size = source.bytes.length;
    } else {
      this.#descriptor = openSync(source.path, 'r');
      this.size = fstatSync(this.#descriptor).size;
      this.bytes = Buffer.allocUnsafe(chunkBytes);
      this.#filled = 0;
    }
  }

  /** Moves to the next line: false (and the file closed) after the last. */
  next(): boolean {
    for (;;) {
      const bytes = this.bytes;
      const newline = bytes.indexOf(10, this.#position);
      if (newline >= 0 && newline < this.#filled) return this.#take(newline, newline + 1);
      if (this.#descriptor === undefined || !this.#read()) {
        if (this.#position < this.#filled) return this.#take(this.#filled, this.#filled);
        this.close();
        return false;
      }
    }
  }

  /**
   * The bytes read so far as one Latin-1 string, one character per byte (so its offsets are the
   * bytes' offsets): decoding a whole chunk once and slicing it makes short strings far cheaper
   * than decoding each. A slice is the text only where the bytes are ASCII. Valid until the next
   * `next()` call.
   */
  get text(): string {
    if (this.#text === undefined) this.#text = this.bytes.toString('latin1', 0, this.#filled);
    return this.#text;
  }

  /** How many bytes of the source have been read as lines (for progress). */
  get offset(): number {
    return this.#bytesOffset + this.#position;
  }

  /** Closes the file early (reading stops). Safe to call more than once. */
  close(): void {
    if (this.#descriptor === undefined) return;
    closeSync(this.#descriptor);
    this.#descriptor = undefined;
  }

  #take(end: number, after: number): true {
    this.start = this.#position;
    this.end = end;
    this.#position = after;
    this.lineNumber += 1;
    return true;
  }

  /** Keeps the unread bytes, reads more after them; false at the end of the file. */
  #read(): boolean {
    const unread = this.#filled - this.#position;
    let bytes = this.bytes;
    if (unread === bytes.length) {
      const grown = Buffer.allocUnsafe(bytes.length * 2);
      bytes.copy(grown);
      bytes = grown;
      this.bytes = grown;
    } else if (this.#position > 0) bytes.copyWithin(0, this.#position, this.#filled);
    this.#bytesOffset += this.#position;
    this.#position = 0;
    this.#text = undefined;
    this.#filled = unread;
    const read = readSync(this.#descriptor as number, bytes, unread, bytes.length - unread, null);
    this.#filled += read;
    if (read === 0) this.close();
    return read > 0;
  }
}
