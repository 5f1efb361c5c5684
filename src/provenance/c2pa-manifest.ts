import { DIGITAL_SOURCE_TYPE_BASE, type DigitalSourceType } from '../backends/types.js';

/**
 * The C2PA manifest definition for one scenic export, as plain data (the c2pa-node adapter signs it). Pure.
 *
 * Actions: c2pa.opened (the user's photo, a parentOf ingredient) → c2pa.edited (the digital source type and
 * scenic as software agent) → c2pa.placed (the generated background, a componentOf ingredient). Ingredients
 * are named by the sha256 of their bytes only: no thumbnails, no EXIF, no GPS, no file names from the user.
 */

export interface ManifestInput {
  format: 'image/jpeg' | 'image/webp' | 'image/png';
  digitalSourceType: DigitalSourceType;
  softwareName: string;
  softwareVersion: string;
  /** The backend (and model) that drew the background, e.g. "procedural". */
  backgroundBy: string;
  /** sha256 (hex) of the original photo's bytes. */
  photoSha256: string;
  /** The original photo's format as sharp names it ("jpeg", "png", …), when known. */
  photoFormat?: string;
  /** sha256 (hex) of the generated background's RGBA pixels. */
  backgroundSha256: string;
}

export const INGREDIENT_LABELS = { photo: 'scenic-photo', background: 'scenic-background' } as const;

export interface ManifestDefinition {
  claim_generator_info: Array<{ name: string; version: string }>;
  title: string;
  format: string;
  assertions: Array<{ label: string; data: unknown }>;
}

export interface IngredientDefinition {
  title: string;
  format: string;
  relationship: 'parentOf' | 'componentOf';
  label: string;
  instance_id: string;
  description: string;
}

/**
 * @example buildManifest({ format: 'image/jpeg', digitalSourceType: 'compositeSynthetic', softwareName: 'scenic', softwareVersion: '0.1.0', backgroundBy: 'procedural', photoSha256, backgroundSha256 })
 */
export function buildManifest(input: ManifestInput): { manifest: ManifestDefinition; ingredients: IngredientDefinition[] } {
  const ext = input.format.split('/')[1].replace('jpeg', 'jpg');
  const manifest: ManifestDefinition = {
    claim_generator_info: [{ name: input.softwareName, version: input.softwareVersion }],
    title: `scenic-story.${ext}`,
    format: input.format,
    assertions: [
      {
        label: 'c2pa.actions.v2',
        data: {
          actions: [
            { action: 'c2pa.opened', parameters: { ingredientIds: [INGREDIENT_LABELS.photo] } },
            {
              action: 'c2pa.edited',
              digitalSourceType: `${DIGITAL_SOURCE_TYPE_BASE}${input.digitalSourceType}`,
              softwareAgent: { name: input.softwareName, version: input.softwareVersion },
              description: `Background replaced (background by ${input.backgroundBy}); the subject is from the original photo`,
            },
            { action: 'c2pa.placed', parameters: { ingredientIds: [INGREDIENT_LABELS.background] } },
          ],
        },
      },
    ],
  };
  const ingredients: IngredientDefinition[] = [
    { title: 'original photo', format: input.photoFormat ? `image/${input.photoFormat}` : 'application/octet-stream', relationship: 'parentOf', label: INGREDIENT_LABELS.photo, instance_id: `sha256:${input.photoSha256}`, description: 'The photo the subject was cut from (hash of its bytes only)' },
    { title: 'generated background', format: 'image/x-raw-rgba', relationship: 'componentOf', label: INGREDIENT_LABELS.background, instance_id: `sha256:${input.backgroundSha256}`, description: `Background made by ${input.backgroundBy} (hash of its RGBA pixels)` },
  ];
  return { manifest, ingredients };
}
