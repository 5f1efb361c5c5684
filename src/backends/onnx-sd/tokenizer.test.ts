import { describe, expect, it } from 'vitest';
import { createClipTokenizer } from './tokenizer.js';

// A hand-made CLIP-style vocab: bytes as single symbols, word-final symbols with </w>, a few merges.
const vocab: Record<string, number> = { '!': 0, 'a</w>': 1, b: 2, e: 3, 'h</w>': 4, c: 5, 'ch</w>': 6, 'be': 7, 'beach</w>': 8, 'ea': 9, 'each</w>': 10, ',</w>': 11, '2</w>': 12, '<|startoftext|>': 49406, '<|endoftext|>': 49407 };
const merges = ['#version: 0.2', 'c h</w>', 'e a', 'ea ch</w>', 'b each</w>'].join('\n');

describe('createClipTokenizer', () => {
  it('applies merges by rank and marks word ends', () => {
    const tok = createClipTokenizer({ vocab, merges, config: { pad_token: '!' } });
    const ids = tok.encode('  A   Beach, 2 ');
    expect(ids.slice(0, 7)).toEqual([49406, 1, 8, 11, 12, 49407, 0]);
    expect(ids).toHaveLength(77);
    expect(tok.padId).toBe(0);
  });

  it('pads with <|endoftext|> when the export says so (SD 1.x) and reads {content} tokens', () => {
    const tok = createClipTokenizer({ vocab, merges, config: { pad_token: { content: '<|endoftext|>' } } });
    expect(tok.encode('a').slice(0, 4)).toEqual([49406, 1, 49407, 49407]);
    expect(createClipTokenizer({ vocab, merges }).padId).toBe(49407);
  });

  it('truncates to 77 with the end token last', () => {
    const ids = createClipTokenizer({ vocab, merges }).encode('a '.repeat(200));
    expect(ids).toHaveLength(77);
    expect(ids[76]).toBe(49407);
    expect(ids[75]).toBe(1);
  });

  it('needs the special tokens', () => {
    expect(() => createClipTokenizer({ vocab: { a: 1 }, merges: '' })).toThrow(/<\|startoftext\|>/);
  });
});
