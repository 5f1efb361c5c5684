import { describe, expect, it } from 'vitest';
import { boxOption, pointOption, segmentSizeOption } from './subject-options.js';

describe('subject flags', () => {
  it('parses --point and --box in photo pixels', () => {
    expect(pointOption('420, 300')).toEqual([420, 300]);
    expect(boxOption('10,20,300,400.5')).toEqual([10, 20, 300, 400.5]);
  });

  it('rejects malformed values with INVALID_ARGUMENT', () => {
    for (const bad of ['abc', '1', '1,2,3', '-1,2', '1,']) expect(() => pointOption(bad)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    for (const bad of ['1,2,3', '1,2,0,4', '1,2,3,-4']) expect(() => boxOption(bad)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });

  it('takes --segment-size as a multiple of 32 from 256 to 2048', () => {
    expect(segmentSizeOption('768')).toBe(768);
    for (const bad of ['700', '224', '4096', 'big', '768.0x']) expect(() => segmentSizeOption(bad)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});
