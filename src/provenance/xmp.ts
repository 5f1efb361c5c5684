import { DIGITAL_SOURCE_TYPE_BASE, type DigitalSourceType } from '../backends/types.js';

export interface XmpLabel {
  digitalSourceType: DigitalSourceType;
  /** The software agent, e.g. "scenic 0.1.0". */
  softwareAgent: string;
  softwareVersion: string;
  /** The backend (and model) that drew the background, e.g. "procedural". */
  backgroundBy: string;
  /** The prompt; omitted when the user asked for no prompt metadata. */
  prompt?: string;
}

export const IPTC_EXT_NS = 'http://iptc.org/std/Iptc4xmpExt/2008-02-29/';

/**
 * Builds the XMP packet every export carries: the IPTC digital source type that tells the truth about the
 * background, the AI system and version, and (unless turned off) the prompt. Never location or device data.
 */
export function buildXmp(label: XmpLabel): string {
  const prompt = label.prompt === undefined ? '' : `\n   <Iptc4xmpExt:AIPromptInformation>${escapeXml(label.prompt)}</Iptc4xmpExt:AIPromptInformation>`;
  return `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:Iptc4xmpExt="${IPTC_EXT_NS}"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:dc="http://purl.org/dc/elements/1.1/">
   <Iptc4xmpExt:DigitalSourceType>${DIGITAL_SOURCE_TYPE_BASE}${label.digitalSourceType}</Iptc4xmpExt:DigitalSourceType>
   <Iptc4xmpExt:AISystemUsed>${escapeXml(`${label.softwareAgent} (background: ${label.backgroundBy})`)}</Iptc4xmpExt:AISystemUsed>
   <Iptc4xmpExt:AISystemVersionUsed>${escapeXml(label.softwareVersion)}</Iptc4xmpExt:AISystemVersionUsed>${prompt}
   <xmp:CreatorTool>${escapeXml(label.softwareAgent)}</xmp:CreatorTool>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">AI-edited: background replaced by ${escapeXml(label.softwareAgent)}</rdf:li></rdf:Alt></dc:description>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>`;
}

/** Reads the digital source type back out of an XMP packet (for verify and tests). */
export function readDigitalSourceType(xmp: string): string | null {
  const m = /<Iptc4xmpExt:DigitalSourceType>([^<]*)<\/Iptc4xmpExt:DigitalSourceType>/.exec(xmp) ?? /Iptc4xmpExt:DigitalSourceType="([^"]*)"/.exec(xmp);
  return m ? m[1] : null;
}

export function escapeXml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

export interface XmpLabelReadBack {
  /** The full IPTC URI, e.g. http://cv.iptc.org/newscodes/digitalsourcetype/compositeSynthetic; null when absent. */
  digitalSourceType: string | null;
  aiSystem: string | null;
  aiSystemVersion: string | null;
  prompt: string | null;
}

/**
 * Reads scenic's label (and any other tool's IPTC AI fields written the same way) back out of an XMP packet.
 * @example readXmpLabel(buildXmp(label)).digitalSourceType // 'http://cv.iptc.org/newscodes/digitalsourcetype/compositeSynthetic'
 */
export function readXmpLabel(xmp: string): XmpLabelReadBack {
  const tag = (name: string) => {
    const m = new RegExp(`<Iptc4xmpExt:${name}>([^<]*)</Iptc4xmpExt:${name}>`).exec(xmp) ?? new RegExp(`Iptc4xmpExt:${name}="([^"]*)"`).exec(xmp);
    return m ? unescapeXml(m[1]) : null;
  };
  return { digitalSourceType: readDigitalSourceType(xmp), aiSystem: tag('AISystemUsed'), aiSystemVersion: tag('AISystemVersionUsed'), prompt: tag('AIPromptInformation') };
}

function unescapeXml(text: string): string {
  return text.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}
