/**
 * A small, fast, seeded pseudo-random generator (sfc32). Every random choice in the simulator
 * (ids, the price process, background traders) comes from one of these, so a seed replays a run.
 */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    // splitmix32 spreads a small seed over the four words.
    let state = seed >>> 0;
    const next = () => {
      state = (state + 0x9e3779b9) >>> 0;
      let mixed = state;
      mixed = Math.imul(mixed ^ (mixed >>> 16), 0x85ebca6b);
      mixed = Math.imul(mixed ^ (mixed >>> 13), 0xc2b2ae35);
      return (mixed ^ (mixed >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    for (let warmUp = 0; warmUp < 12; warmUp += 1) this.uint32();
  }

  /** A uniformly distributed 32-bit unsigned integer. */
  uint32(): number {
    const result = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + result) | 0;
    return result >>> 0;
  }

  /** A float in [0, 1). Used only for decisions, never for money. */
  next(): number {
    return this.uint32() / 4294967296;
  }

  /** An integer in [minimum, maximum]. */
  integer(minimum: number, maximum: number): number {
    return minimum + Math.floor(this.next() * (maximum - minimum + 1));
  }

  /** A standard normal sample (Box–Muller). */
  normal(): number {
    const first = 1 - this.next();
    const second = this.next();
    return Math.sqrt(-2 * Math.log(first)) * Math.cos(2 * Math.PI * second);
  }

  /** A new generator whose sequence depends on this one's seed and a label (independent streams). */
  fork(label: string): Random {
    let hash = this.uint32();
    for (let index = 0; index < label.length; index += 1)
      hash = Math.imul(hash ^ label.charCodeAt(index), 16777619);
    return new Random(hash >>> 0);
  }
}

const HEX: string[] = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));
const HEX_CODES = Array.from('0123456789abcdef', (digit) => digit.charCodeAt(0));
const DASH = 45;
const uuidCodes: number[] = new Array(36).fill(DASH);

function hex32(word: number): string {
  return (
    (HEX[word >>> 24] as string) +
    (HEX[(word >>> 16) & 255] as string) +
    (HEX[(word >>> 8) & 255] as string) +
    (HEX[word & 255] as string)
  );
}

/** Writes a word's 8 hex digits into `uuidCodes` from `at`, skipping the dash positions. */
function writeHex(word: number, at: number): number {
  let position = at;
  for (let shift = 28; shift >= 0; shift -= 4) {
    if (position === 8 || position === 13 || position === 18 || position === 23) position += 1;
    uuidCodes[position] = HEX_CODES[(word >>> shift) & 15] as number;
    position += 1;
  }
  return position;
}

/**
 * A version-4 UUID drawn from the generator (so ids repeat with the seed). Built as one flat
 * string: ids are hashed and scanned on every lookup, and a concatenation tree makes that slow.
 */
export function randomUuid(random: Random): string {
  let position = writeHex(random.uint32(), 0);
  position = writeHex(((random.uint32() & 0xffff0fff) | 0x00004000) >>> 0, position);
  position = writeHex(((random.uint32() & 0x3fffffff) | 0x80000000) >>> 0, position);
  writeHex(random.uint32(), position);
  return String.fromCharCode.apply(null, uuidCodes);
}

/** A 24-hex-digit id, the shape of Coinbase's `user_id`. */
export function randomUserId(random: Random): string {
  return hex32(random.uint32()) + hex32(random.uint32()) + hex32(random.uint32());
}
