import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/** Where a {@link LineReader} takes its bytes from: a file read in chunks, or bytes in memory. */
export type LineSource = { readonly path: string } | { readonly bytes: Buffer };

/** The first chunk's size: large enough for few reads, small enough to stay in the CPU's caches. */
const CHUNK_BYTES = 1 << 20;

/**
 * How many bytes {@link LineReader.latin1} decodes at once. Under V8's largest regular heap object
 * (128 KB), so the text is a young on-heap string that is cheap to make and to collect: decoding a
 * 1 MB chunk at once makes an external or large-object string and cost 20 times as much.
 */
const TEXT_WINDOW_BYTES = 1 << 16;

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
  /** A view of `bytes` (for reading several bytes at once). */
  view: DataView;
  /** The current line's first byte. */
  start = 0;
  /** Just past the current line's last byte (its `\n`, or the end of the text). */
  end = 0;
  /** The current line's number, from 1. */
  lineNumber = 0;
  /** `bytes[#textStart, #textEnd)` decoded as Latin-1 (see {@link latin1}). */
  #text = '';
  #textStart = 0;
  #textEnd = 0;
  readonly #textWindowBytes: number;
  /** The source's size in bytes (a file's when opened). */
  readonly size: number;
  #position = 0;
  #filled: number;
  /** Where `bytes[0]` is in the source. */
  #bytesOffset = 0;
  #descriptor: number | undefined;

  /**
   * @param chunkBytes the file buffer's first size (tests make it small to cross chunk edges)
   * @param textWindowBytes how many bytes {@link latin1} decodes at once (tests make it small)
   * @throws the file system's error when the path cannot be opened
   */
  constructor(source: LineSource, chunkBytes = CHUNK_BYTES, textWindowBytes = TEXT_WINDOW_BYTES) {
    this.#textWindowBytes = textWindowBytes;
    if ('bytes' in source) {
      this.bytes = source.bytes;
      this.view = viewOf(source.bytes);
      this.#filled = source.bytes.length;
      this.size = source.bytes.length;
    } else {
      this.#descriptor = openSync(source.path, 'r');
      this.size = fstatSync(this.#descriptor).size;
      this.bytes = Buffer.allocUnsafe(chunkBytes);
      this.view = viewOf(this.bytes);
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

  /** Where the next line starts in `bytes` (its end not looked for yet). */
  get nextStart(): number {
    return this.#position;
  }

  /** How far `bytes` holds what was read (a line found to end beyond it is not read whole yet). */
  get filled(): number {
    return this.#filled;
  }

  /**
   * Moves to the next line when the caller has found where it ends: its `\n` at `newline` (within
   * the bytes read so far), as `next()` would have. For a caller that checks a line as it reads
   * it, so its bytes are gone through once, not searched for the newline first.
   * @throws Error when `bytes[newline]` is not the `\n` after the next line (a bug in the caller)
   */
  takeLine(newline: number): void {
    if (newline < this.#position || newline >= this.#filled || this.bytes[newline] !== 10)
      throw new Error(`expected the next line's newline, received offset ${newline}`);
    this.#take(newline, newline + 1);
  }

  /**
   * `bytes[from, to)` (within the current line) as a Latin-1 string, one character per byte: the
   * text where the bytes are ASCII. The bytes from the current line on are decoded a window at a
   * time and sliced, which makes short strings far cheaper than decoding each.
   */
  latin1(from: number, to: number): string {
    if (from < this.#textStart || to > this.#textEnd) {
      this.#textStart = from;
      this.#textEnd = Math.max(to, Math.min(this.#filled, from + this.#textWindowBytes));
      this.#text = this.bytes.toString('latin1', from, this.#textEnd);
    }
    return this.#text.slice(from - this.#textStart, to - this.#textStart);
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
      this.view = viewOf(grown);
    } else if (this.#position > 0) bytes.copyWithin(0, this.#position, this.#filled);
    this.#bytesOffset += this.#position;
    this.#position = 0;
    this.#textEnd = 0; // the window's bytes have moved
    this.#filled = unread;
    const read = readSync(this.#descriptor as number, bytes, unread, bytes.length - unread, null);
    this.#filled += read;
    if (read === 0) this.close();
    return read > 0;
  }
}

function viewOf(bytes: Buffer): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
}
