import { pathToFileURL } from 'node:url';
import { BOUNDARY_TUNING, type BoundaryTuning } from '../compose/harmonize-boundary.js';
import { findEvalData } from './harmonize-data.js';
import { RELIGHT_TUNING } from '../compose/harmonize.js';
import { loadSets, scoreRelight, scoreSet, splitPairs, type RelightSummary, type SetSummary } from './harmonize-eval.js';

/**
 * How the harmonizer's boundary tuning was chosen, and its score on photos it was not chosen on:
 *
 *   node dist/eval/harmonize-tune.js --data ../shared/eval            # held-out split and real triples
 *   node dist/eval/harmonize-tune.js --data ../shared/eval --grid     # the grid, on the tuning split only
 *   node dist/eval/harmonize-tune.js --data ../shared/eval --relight-grid   # story compose's exposure (share, read from) and strength, same split
 *
 * The tuning split is every other COCO photo (`splitPairs`); the grid never sees the held-out half,
 * GrabCut or the real triples. Offline tool: nothing in the product imports it.
 */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const dataAt = args.indexOf('--data');
  const data = await findEvalData(dataAt >= 0 ? args[dataAt + 1] : '../shared/eval');
  const { tune, heldOut } = splitPairs(data.pairs);
  const log = (line: string) => process.stdout.write(`${line}\n`);
  if (args.includes('--relight-grid')) {
    // Story compose's exposure fraction (and what it is read from) when it knows the subject's photo, on the relight set of the tuning split.
    const { relight } = await loadSets({ pairs: tune, triples: [] }, {});
    log(`tuning split: ${relight.length} relight items`);
    for (const exposureFrom of ['mean', 'grey', 'highlight'] as const) {
      for (const exposure of [0.5, 0.75]) log(`exposure ${exposure} from ${exposureFrom}: ${relightLine(scoreRelight(relight, { relightTuning: { ...RELIGHT_TUNING, exposure, exposureFrom } }))}`);
    }
    for (const strength of [0.4, 0.6, 0.8, 1]) log(`strength ${strength}: ${relightLine(scoreRelight(relight, { strength }))}`);
    return;
  }
  if (args.includes('--grid')) {
    const { synthetic } = await loadSets({ pairs: tune, triples: [] }, {});
    log(`tuning split: ${synthetic.length} photos`);
    for (const trustFrom of [0, 0.02, 0.03, 0.04]) {
      for (const span of [0.04, 0.06, 0.1]) {
        const tuning: BoundaryTuning = { ...BOUNDARY_TUNING, trustFrom, trustFull: trustFrom + span };
        log(`trust ${trustFrom.toFixed(2)}..${(trustFrom + span).toFixed(2)}: ${line(scoreSet(synthetic, { tuning }))}`);
      }
    }
    return;
  }
  const sets = await loadSets({ pairs: heldOut, triples: data.triples }, {});
  log(`held-out synthetic (odd COCO photos + GrabCut): ${line(scoreSet(sets.synthetic))}`);
  log(`held-out relight: ${relightLine(scoreRelight(sets.relight))}`);
  if (sets.real.length) log(`real triples: ${line(scoreSet(sets.real))}`);
}

function relightLine(s: RelightSummary): string {
  const r = s.subjectReference;
  return `n ${s.n}, fPSNR ours ${s.ours.fpsnr.toFixed(2)} / subject-only ${r.fpsnr.toFixed(2)} / composite ${s.composite.fpsnr.toFixed(2)} dB, fMSE ${s.ours.fmse.toFixed(0)} / ${r.fmse.toFixed(0)} / ${s.composite.fmse.toFixed(0)}, worse than composite ${(s.worseThanComposite * 100).toFixed(1)}% / ${(r.worseThanComposite * 100).toFixed(1)}%`;
}

function line(s: SetSummary): string {
  const worse = Math.round(s.worseThanComposite * s.n);
  return `n ${s.n}, fPSNR ours ${s.ours.fpsnr.toFixed(2)} / composite ${s.composite.fpsnr.toFixed(2)} / transfer ${s.transfer.fpsnr.toFixed(2)} dB, fMSE ${s.ours.fmse.toFixed(0)} / ${s.composite.fmse.toFixed(0)} / ${s.transfer.fmse.toFixed(0)}, worse than composite ${worse}/${s.n} (${(s.worseThanComposite * 100).toFixed(1)}%)`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  });
}
