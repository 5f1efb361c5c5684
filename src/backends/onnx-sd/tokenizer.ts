/**
 * CLIP's byte-level BPE tokenizer, read from a diffusers export's tokenizer/ folder (vocab.json, merges.txt,
 * tokenizer_config.json / special_tokens_map.json). Pure: the caller reads the files. Pads and truncates to
 * exactly 77 tokens: <|startoftext|> … <|endoftext|>, then the pad token (49407 for SD 1.x, "!" = 0 for
 * SD 2.x / Turbo, per the export's own config).
 */

export interface ClipTokenizerFiles {
  vocab: Record<string, number>;
  /** merges.txt contents. */
  merges: string;
  /** tokenizer_config.json and/or special_tokens_map.json, merged; only pad_token and model_max_length are read. */
  config?: Record<string, unknown>;
}

export interface ClipTokenizer {
  readonly maxLength: number;
  readonly padId: number;
  /** Ids for one prompt, exactly `maxLength` long. */
  encode(text: string): number[];
}

const PATTERN = /<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+/gu;

/** GPT-2's reversible byte → printable-unicode table, which CLIP's vocab is written in. */
function bytesToUnicode(): string[] {
  const bs: number[] = [];
  for (let i = 33; i <= 126; i++) bs.push(i);
  for (let i = 161; i <= 172; i++) bs.push(i);
  for (let i = 174; i <= 255; i++) bs.push(i);
  const cs = [...bs];
  let n = 0;
  for (let b = 0; b < 256; b++) {
    if (!bs.includes(b)) {
      bs.push(b);
      cs.push(256 + n++);
    }
  }
  const table: string[] = new Array(256);
  bs.forEach((b, i) => (table[b] = String.fromCodePoint(cs[i])));
  return table;
}

/**
 * Builds the tokenizer.
 *
 * @example
 * const tok = createClipTokenizer({ vocab, merges, config });
 * tok.encode('a beach at sunset') // [49406, 320, 2117, 536, 3424, 49407, 0, 0, …] (77 ids)
 */
export function createClipTokenizer(files: ClipTokenizerFiles): ClipTokenizer {
  const { vocab } = files;
  const ranks = new Map<string, number>();
  const lines = files.merges.split(/\r?\n/);
  let rank = 0;
  for (const line of lines) {
    if (!line || line.startsWith('#version')) continue;
    const parts = line.split(' ');
    if (parts.length === 2) ranks.set(`${parts[0]} ${parts[1]}`, rank++);
  }
  const byteTable = bytesToUnicode();
  const encoder = new TextEncoder();
  const cache = new Map<string, string[]>();
  const bos = idOf(vocab, '<|startoftext|>');
  const eos = idOf(vocab, '<|endoftext|>');
  const padToken = tokenText(files.config?.pad_token) ?? '<|endoftext|>';
  const padId = vocab[padToken] ?? eos;
  const maxLength = typeof files.config?.model_max_length === 'number' && files.config.model_max_length <= 1024 ? files.config.model_max_length : 77;

  function bpe(word: string): string[] {
    const hit = cache.get(word);
    if (hit) return hit;
    // The last symbol of a word carries CLIP's end-of-word marker.
    let symbols = [...word];
    symbols[symbols.length - 1] += '</w>';
    while (symbols.length > 1) {
      let best = -1;
      let bestRank = Infinity;
      for (let i = 0; i < symbols.length - 1; i++) {
        const r = ranks.get(`${symbols[i]} ${symbols[i + 1]}`);
        if (r !== undefined && r < bestRank) [best, bestRank] = [i, r];
      }
      if (best < 0) break;
      const merged = symbols[best] + symbols[best + 1];
      const next: string[] = [];
      for (let i = 0; i < symbols.length; i++) {
        if (i < symbols.length - 1 && symbols[i] + symbols[i + 1] === merged && ranks.get(`${symbols[i]} ${symbols[i + 1]}`) === bestRank) {
          next.push(merged);
          i++;
        } else next.push(symbols[i]);
      }
      symbols = next;
    }
    cache.set(word, symbols);
    return symbols;
  }

  return {
    maxLength,
    padId,
    encode(text) {
      // CLIP's basic cleaning: collapse whitespace, lower-case.
      const clean = text.replace(/\s+/g, ' ').trim().toLowerCase();
      const ids: number[] = [bos];
      for (const m of clean.matchAll(PATTERN)) {
        const word = [...encoder.encode(m[0])].map((b) => byteTable[b]).join('');
        for (const piece of bpe(word)) {
          const id = vocab[piece];
          // Unknown pieces cannot occur with a complete byte-level vocab; a trimmed test vocab maps them to eos.
          ids.push(id ?? vocab['<|endoftext|>'] ?? eos);
        }
      }
      const body = ids.slice(0, maxLength - 1);
      body.push(eos);
      while (body.length < maxLength) body.push(padId);
      return body;
    },
  };
}

function idOf(vocab: Record<string, number>, token: string): number {
  const id = vocab[token];
  if (id === undefined) throw new TypeError(`Expected ${token} in tokenizer/vocab.json but it is missing`);
  return id;
}

/** pad_token is a string or, in newer exports, {content: string}. */
function tokenText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && typeof (value as { content?: unknown }).content === 'string') return (value as { content: string }).content;
  return undefined;
}
