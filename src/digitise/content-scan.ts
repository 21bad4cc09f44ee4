/**
 * Does a page content stream show text? One pass over its tokens (PDF 32000-1 §7.2, §9.4):
 * a text-showing operator inside a BT … ET text object, with the operand it shows (a string
 * for Tj, ' and ", an array for TJ). Strings, comments and inline image data are skipped, so
 * their bytes never look like operators. Linear in the stream's length: the regex this
 * replaces backtracked cubically on unclosed text objects (issue 12: 18.6 KB took 17 s).
 */
export function showsText(content: Uint8Array): boolean {
  const scan = new Scanner(content);
  let inText = false;
  for (let op = scan.nextOperator(); op !== undefined; op = scan.nextOperator()) {
    if (op === 'BT') inText = true;
    else if (op === 'ET') inText = false;
    else if (inText && SHOWS[op] !== undefined && SHOWS[op] === scan.lastOperand) return true;
    else if (op === 'ID') scan.skipInlineImage();
  }
  return false;
}

type Operand = 'string' | 'array' | 'other';

/** Text-showing operators and the kind of their last operand. */
const SHOWS: Record<string, Operand | undefined> = { Tj: 'string', "'": 'string', '"': 'string', TJ: 'array' };

const isSpace = (b: number) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09 || b === 0x0c || b === 0x00;
/** ( ) < > [ ] { } / % */
const isDelimiter = (b: number) => b === 0x28 || b === 0x29 || b === 0x3c || b === 0x3e || b === 0x5b || b === 0x5d || b === 0x7b || b === 0x7d || b === 0x2f || b === 0x25;
/** Operators are keywords; numbers (and true/false/null) are operands. */
function isOperand(b: Uint8Array, start: number, end: number): boolean {
  const c = b[start];
  if (c === 0x2b || c === 0x2d || c === 0x2e || (c >= 0x30 && c <= 0x39)) return true; // + - . digit
  const word = keyword(b, start, end);
  return word === 'true' || word === 'false' || word === 'null';
}

/** The keyword's text; every operator we look for is one or two letters, so longer ones are cut. */
function keyword(b: Uint8Array, start: number, end: number): string {
  return end - start <= 2 ? String.fromCharCode(...b.subarray(start, end)) : String.fromCharCode(...b.subarray(start, Math.min(end, start + 5)));
}

class Scanner {
  private pos = 0;
  /** The kind of the operand just before the operator last returned. */
  lastOperand: Operand | undefined;
  constructor(private readonly bytes: Uint8Array) {}

  /** The next operator keyword, skipping operands; undefined at the end. */
  nextOperator(): string | undefined {
    const b = this.bytes;
    this.lastOperand = undefined;
    while (this.pos < b.length) {
      const c = b[this.pos];
      if (isSpace(c)) {
        this.pos++;
      } else if (c === 0x25) {
        this.skipUntil((x) => x === 0x0a || x === 0x0d); // % comment
      } else if (c === 0x28) {
        this.skipLiteralString();
        this.lastOperand = 'string';
      } else if (c === 0x3c && b[this.pos + 1] !== 0x3c) {
        this.skipUntil((x) => x === 0x3e, 1); // <hex string>
        this.lastOperand = 'string';
      } else if (c === 0x5d) {
        this.pos++; // ] closes an array operand
        this.lastOperand = 'array';
      } else if (isDelimiter(c)) {
        // /Name, << >> [ { } and a stray ) or >
        this.pos += c === 0x3c || c === 0x3e ? 2 : 1;
        if (c === 0x2f) this.skipWhile((x) => !isSpace(x) && !isDelimiter(x));
        this.lastOperand = 'other';
      } else {
        const start = this.pos;
        this.skipWhile((x) => !isSpace(x) && !isDelimiter(x));
        if (!isOperand(b, start, this.pos)) return keyword(b, start, this.pos);
        this.lastOperand = 'other';
      }
    }
    return undefined;
  }

  /** After ID: the image data runs to an EI between white-space (§8.9.7). */
  skipInlineImage(): void {
    const b = this.bytes;
    for (this.pos++; this.pos < b.length; this.pos++) {
      if (b[this.pos] === 0x45 && b[this.pos + 1] === 0x49 && isSpace(b[this.pos - 1]) && (this.pos + 2 >= b.length || isSpace(b[this.pos + 2]))) {
        this.pos += 2;
        return;
      }
    }
  }

  /** ( … ) with balanced parentheses and backslash escapes. */
  private skipLiteralString(): void {
    const b = this.bytes;
    let depth = 0;
    for (; this.pos < b.length; this.pos++) {
      const c = b[this.pos];
      if (c === 0x5c) this.pos++;
      else if (c === 0x28) depth++;
      else if (c === 0x29 && --depth === 0) {
        this.pos++;
        return;
      }
    }
  }

  private skipWhile(accept: (b: number) => boolean): void {
    while (this.pos < this.bytes.length && accept(this.bytes[this.pos])) this.pos++;
  }

  /** Skips to just past the first byte `end` accepts (from `from` bytes on). */
  private skipUntil(end: (b: number) => boolean, from = 0): void {
    this.pos += from;
    this.skipWhile((x) => !end(x));
    this.pos++;
  }
}
