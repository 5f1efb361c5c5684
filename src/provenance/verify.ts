import sharp from 'sharp';
import { readC2pa, type C2paReport } from '../adapters/c2pa.js';
import { decodePhoto } from '../adapters/codec.js';
import { detectWatermark, describeWatermarkPayload } from './watermark.js';
import { readXmpLabel, type XmpLabelReadBack } from './xmp.js';

/**
 * What `scenic verify` reports about a file: its C2PA manifest, its XMP label and scenic's invisible
 * watermark, each checked independently, so a copy with its metadata stripped still shows the watermark.
 * (An I/O edge: decodes with sharp and reads C2PA with c2pa-node.)
 */
export interface VerifyReport {
  format: string;
  width: number;
  height: number;
  c2pa: C2paReport;
  xmp: XmpLabelReadBack & { present: boolean };
  watermark: {
    found: boolean;
    /** The 8-byte payload as hex, when found. */
    payload: string | null;
    confidence: number;
    falsePositiveRate: number;
    bitErrors?: number;
    scenic?: boolean;
    editTag?: string;
  };
  /** One line: is this labelled as AI-edited by any of the three signals? */
  labelledAiEdited: boolean;
}

const MIME: Record<string, string> = { jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp', avif: 'image/avif', heif: 'image/heif', tiff: 'image/tiff', gif: 'image/gif' };

/**
 * Verifies an image's provenance. `trustAnchorsPem` makes a C2PA chain ending there "Trusted".
 * @example const report = await verifyImage(await readFile('story.jpg'), { trustAnchorsPem: devCaPem });
 */
export async function verifyImage(bytes: Buffer, options: { trustAnchorsPem?: string } = {}): Promise<VerifyReport> {
  const decoded = await decodePhoto(bytes);
  const meta = await sharp(bytes).metadata();
  const format = decoded.format;
  const c2pa = await readC2pa(bytes, MIME[format] ?? `image/${format}`, options.trustAnchorsPem);
  const xmpText = meta.xmp?.toString('utf8') ?? '';
  const xmp = { present: xmpText.length > 0, ...readXmpLabel(xmpText) };
  const detection = detectWatermark(decoded.image);
  const described = detection.payload ? describeWatermarkPayload(detection.payload) : null;
  const watermark: VerifyReport['watermark'] = {
    found: detection.found,
    payload: detection.payload ? Buffer.from(detection.payload).toString('hex') : null,
    confidence: detection.confidence,
    falsePositiveRate: detection.falsePositiveRate,
    ...(detection.bitErrors !== undefined ? { bitErrors: detection.bitErrors } : {}),
    ...(described ? { scenic: described.scenic, editTag: described.editTag } : {}),
  };
  const aiTypes = /(trainedAlgorithmicMedia|compositeSynthetic|algorithmicMedia|compositeWithTrainedAlgorithmicMedia)$/;
  const labelledAiEdited =
    watermark.found || aiTypes.test(xmp.digitalSourceType ?? '') || (c2pa.valid && c2pa.actions.some((a) => aiTypes.test(a.digitalSourceType ?? '')));
  return { format, width: decoded.image.width, height: decoded.image.height, c2pa, xmp, watermark, labelledAiEdited };
}
