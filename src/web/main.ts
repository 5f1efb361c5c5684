import './styles.css';
import { ApiError, api, apiKey, followJob, imageUrl, setApiKey, type BrandKit, type Photo, type Result, type Understood } from './api.js';
import { autoLayout, type Placement } from '../compose/layout.js';
import { NO_MOVE, attachMove, type Move } from './stage.js';

/** The story editor page: one photo, a prompt, variations to pick from, move & size, download or share. */

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const el = {
  stage: $('stage'),
  layer: $('layer'),
  subject: $<HTMLImageElement>('subject-img'),
  result: $<HTMLImageElement>('result-img'),
  busy: $('busy'),
  busyText: $('busy-text'),
  badge: $('ai-badge'),
  file: $<HTMLInputElement>('file'),
  example: $<HTMLButtonElement>('example'),
  photoInfo: $('photo-info'),
  chips: $('chips'),
  promptForm: $<HTMLFormElement>('prompt-form'),
  prompt: $<HTMLInputElement>('prompt'),
  generate: $<HTMLButtonElement>('generate'),
  cancel: $<HTMLButtonElement>('cancel'),
  kit: $<HTMLSelectElement>('kit'),
  kitForm: $<HTMLFormElement>('kit-form'),
  progressWrap: $('progress-wrap'),
  progress: $<HTMLProgressElement>('progress'),
  progressText: $('progress-text'),
  understood: $('understood'),
  variations: $('variations'),
  another: $<HTMLButtonElement>('another'),
  moveX: $<HTMLInputElement>('move-x'),
  moveY: $<HTMLInputElement>('move-y'),
  moveS: $<HTMLInputElement>('move-s'),
  resetMove: $<HTMLButtonElement>('reset-move'),
  moveNote: $('move-note'),
  download: $<HTMLAnchorElement>('download'),
  share: $<HTMLButtonElement>('share'),
  shareUrl: $<HTMLInputElement>('share-url'),
  labelText: $('label-text'),
  error: $('error'),
  status: $('status'),
  shared: $('shared'),
  keyForm: $<HTMLFormElement>('key-form'),
  key: $<HTMLInputElement>('api-key'),
};

/** Shows an API image in an <img>, through a blob: URL when the server needs a key. */
function showImage(img: HTMLImageElement, url: string): void {
  imageUrl(url).then((src) => (img.src = src), showError);
}

interface Variation {
  result: Result;
  jobId: string;
  prompt: string;
}

const state = {
  photo: null as Photo | null,
  variations: [] as Variation[],
  chosen: -1,
  busy: false,
  /** The edit being made, so Cancel can stop it. */
  jobId: null as string | null,
  /** From a Try-it link: the shared seed is used for the first generation. */
  sharedSeed: undefined as number | undefined,
  moveSupported: false,
  /** Where the server's automatic layout puts the subject (same pure code as the server), for the preview. */
  placement: null as Placement | null,
};

/** The story canvas the API renders by default. */
const CANVAS = { width: 1080, height: 1920 };

const STAGES: Record<string, string> = { queued: 'Waiting in line', decode: 'Reading the photo', segment: 'Finding the subject', background: 'Painting the backdrop', compose: 'Placing the subject', label: 'Labelling', encode: 'Saving' };

/** Messages in words a person can act on, for the codes people actually hit. */
function explain(error: unknown): string {
  if (!(error instanceof ApiError)) return 'Something went wrong. Please try again.';
  const words: Record<string, string> = {
    NO_SUBJECT: 'No person, pet or object was found in this photo. Try a photo with a clear subject.',
    UNSUPPORTED_FORMAT: 'That file is not a photo scenic can read. Try a JPEG, PNG or WebP.',
    CORRUPT_PHOTO: 'That photo seems damaged and could not be opened.',
    PHOTO_TOO_BIG: `That photo is too large. ${error.message}`,
    PHOTO_TOO_LARGE: `That photo has too many pixels. ${error.message}`,
    QUEUE_FULL: 'The editor is busy right now. Try again in a moment.',
    RATE_LIMITED: 'Too many requests in a short time. Wait a moment and try again.',
    PROMPT_BLOCKED: `That backdrop can't be made. ${error.message}`,
    UNAUTHORIZED: apiKey() ? 'That API key was not accepted. Check it and try again.' : 'This server needs an API key. Paste yours in the box above.',
  };
  return words[error.code] ?? error.message;
}

function showError(error: unknown): void {
  el.error.textContent = explain(error);
  if (error instanceof ApiError && error.code === 'UNAUTHORIZED') {
    el.keyForm.hidden = false;
    el.key.focus();
  }
}

function say(text: string): void {
  el.status.textContent = text;
}

function setBusy(text: string | null): void {
  state.busy = text !== null;
  el.busy.hidden = text === null;
  el.busyText.textContent = text ?? '';
  el.stage.setAttribute('aria-busy', String(text !== null));
  updateButtons();
}

function updateButtons(): void {
  const ready = state.photo?.subjects.found === true && !state.busy;
  el.generate.disabled = !ready;
  el.another.disabled = !ready || state.variations.length === 0;
  for (const chip of el.chips.querySelectorAll('button')) chip.disabled = !ready;
  const chosen = state.variations[state.chosen];
  el.share.disabled = !chosen;
  el.download.classList.toggle('disabled', !chosen);
  el.download.setAttribute('aria-disabled', String(!chosen));
  if (!chosen) el.download.removeAttribute('href');
  else if (!apiKey()) el.download.href = `${chosen.result.url}?download`;
  else {
    el.download.download = `scenic-story-${chosen.result.seed}.jpg`;
    imageUrl(chosen.result.url).then((href) => (el.download.href = href), showError);
  }
}

// ---- photo ---------------------------------------------------------------------------------------

async function usePhoto(file: Blob, name: string): Promise<void> {
  el.error.textContent = '';
  setBusy('Finding the subject…');
  try {
    const photo = await api.upload(file);
    state.photo = photo;
    state.variations = [];
    state.chosen = -1;
    renderVariations();
    if (photo.cutoutUrl) showImage(el.subject, photo.cutoutUrl);
    placeLayer(photo);
    mover.set(NO_MOVE);
    el.subject.alt = `Cut-out of ${name}`;
    el.stage.classList.remove('empty');
    el.stage.classList.add('has-photo');
    showResult(null);
    const n = photo.subjects.count;
    el.photoInfo.textContent = photo.subjects.found ? `${name}: ${photo.width}×${photo.height}, ${n === 1 ? 'subject' : `${n} subjects`} found.` : `${name}: no subject found.`;
    el.stage.setAttribute('aria-label', photo.subjects.found ? 'Story preview: your subject cut out, the old background removed' : 'Story preview: no subject found');
    if (!photo.subjects.found) showError(new ApiError('NO_SUBJECT', ''));
    say(el.photoInfo.textContent);
  } catch (error) {
    showError(error);
  } finally {
    setBusy(null);
  }
  if (state.photo?.subjects.found && el.prompt.value.trim() && state.sharedSeed !== undefined) void generate(el.prompt.value, state.sharedSeed);
}

el.file.addEventListener('change', () => {
  const file = el.file.files?.[0];
  if (file) void usePhoto(file, file.name);
  el.file.value = '';
});

el.example.addEventListener('click', async () => {
  const res = await fetch('/example.png');
  if (res.ok) void usePhoto(await res.blob(), 'the example photo');
  else showError(new ApiError('NOT_FOUND', 'The example photo is not available on this server.'));
});

for (const type of ['dragenter', 'dragover']) {
  el.stage.addEventListener(type, (e) => {
    e.preventDefault();
    el.stage.classList.add('dragging');
  });
}
el.stage.addEventListener('dragleave', () => el.stage.classList.remove('dragging'));
el.stage.addEventListener('drop', (e) => {
  e.preventDefault();
  el.stage.classList.remove('dragging');
  const file = (e as DragEvent).dataTransfer?.files[0];
  if (file) void usePhoto(file, file.name);
});

// ---- prompts and generation ----------------------------------------------------------------------

async function loadPresets(): Promise<void> {
  try {
    const presets = await api.presets();
    el.chips.replaceChildren(
      ...presets.slice(0, 8).map((p) => {
        const b = document.createElement('button');
        b.type = 'button';
        b.className = 'chip';
        b.textContent = p.title;
        b.title = p.prompt;
        b.dataset.prompt = p.prompt;
        b.setAttribute('aria-pressed', 'false');
        b.addEventListener('click', () => {
          el.prompt.value = p.prompt;
          for (const other of el.chips.querySelectorAll('button')) other.setAttribute('aria-pressed', String(other === b));
          void generate(p.prompt);
        });
        return b;
      }),
    );
    updateButtons();
  } catch (error) {
    showError(error);
  }
}

async function loadKits(select?: string): Promise<void> {
  try {
    const kits = await api.brandKits();
    el.kit.replaceChildren(new Option('None', ''), ...kits.map((k: BrandKit) => new Option(`${k.name} (${k.colours.join(', ')})`, k.id)));
    if (select) el.kit.value = select;
  } catch (error) {
    showError(error);
  }
}

el.kitForm.addEventListener('submit', async (e) => {
  e.preventDefault();
  try {
    const kit = await api.createBrandKit({ name: $<HTMLInputElement>('kit-name').value, colours: [$<HTMLInputElement>('kit-c1').value, $<HTMLInputElement>('kit-c2').value] });
    await loadKits(kit.id);
    (el.kitForm.parentElement as HTMLDetailsElement).open = false;
    say(`Brand kit ${kit.name} saved and selected`);
  } catch (error) {
    showError(error);
  }
});

el.promptForm.addEventListener('submit', (e) => {
  e.preventDefault();
  void generate(el.prompt.value);
});

el.another.addEventListener('click', () => void generate(state.variations[state.chosen]?.prompt ?? el.prompt.value, undefined, 1));

async function generate(prompt: string, seed?: number, variations = 2): Promise<void> {
  if (!state.photo || state.busy) return;
  el.error.textContent = '';
  setBusy('Making backdrops…');
  el.progressWrap.hidden = false;
  const onProgress = (fraction: number, stage: string) => {
    el.progress.value = Math.round(fraction * 100);
    el.progressText.textContent = `${STAGES[stage] ?? stage}… ${Math.round(fraction * 100)}%`;
  };
  onProgress(0, 'queued');
  try {
    const body: Record<string, unknown> = { photo: state.photo.id, prompt, variations };
    if (seed !== undefined) body.seed = seed;
    if (el.kit.value) body.brandKit = el.kit.value;
    const move = mover.get();
    const layout = toLayout(move);
    if (state.moveSupported && layout && (move.dx || move.dy || move.scale !== 1)) body.layout = layout;
    const started = await api.edit(body);
    state.jobId = started.id;
    const job = await followJob(started, onProgress);
    state.sharedSeed = undefined;
    const fresh = job.results.map((result) => ({ result, jobId: job.id, prompt }));
    state.variations = [...state.variations, ...fresh].slice(-8);
    renderUnderstood(job.understood);
    renderVariations();
    choose(state.variations.length - fresh.length);
    say(`${fresh.length} new backdrop${fresh.length > 1 ? 's' : ''} ready`);
  } catch (error) {
    if (error instanceof ApiError && error.code === 'CANCELLED') say('Cancelled');
    else showError(error);
  } finally {
    state.jobId = null;
    el.progressWrap.hidden = true;
    setBusy(null);
  }
}

el.cancel.addEventListener('click', () => {
  if (state.jobId) void api.cancel(state.jobId).catch(showError);
});

/** Puts the cut-out where the server's automatic layout will put the subject, so the preview is the story. */
function placeLayer(photo: Photo): void {
  const bounds = photo.subjects.bounds;
  state.placement = bounds ? autoLayout({ photoWidth: photo.width, photoHeight: photo.height, subject: bounds, canvasWidth: CANVAS.width, canvasHeight: CANVAS.height }) : null;
  const p = state.placement;
  if (!p) return;
  const s = p.target.width / p.source.width;
  const pct = (v: number, of: number) => `${(v / of) * 100}%`;
  el.subject.style.left = pct(p.target.x - p.source.x * s, CANVAS.width);
  el.subject.style.top = pct(p.target.y - p.source.y * s, CANVAS.height);
  el.subject.style.width = pct(photo.width * s, CANVAS.width);
  el.layer.style.transformOrigin = `${pct(p.target.x + p.target.width / 2, CANVAS.width)} ${pct(p.target.y + p.target.height / 2, CANVAS.height)}`;
}

/** The move as the recipe's layout: the subject box's centre in canvas fractions and a size factor. */
function toLayout(m: Move): { x: number; y: number; scale: number } | null {
  const p = state.placement;
  if (!p) return null;
  const clamp01 = (v: number) => Math.round(Math.min(1, Math.max(0, v)) * 1000) / 1000;
  return {
    x: clamp01((p.target.x + p.target.width / 2) / CANVAS.width + m.dx),
    y: clamp01((p.target.y + p.target.height / 2) / CANVAS.height + m.dy),
    scale: Math.round(m.scale * 1000) / 1000,
  };
}

function renderUnderstood(u: Understood | null): void {
  if (!u) return (el.understood.textContent = '') as unknown as void;
  const parts: string[] = [];
  if (u.terms.length) parts.push(`Understood as: ${u.terms.map((t) => (t.text === t.concept ? t.text : `${t.text} → ${t.concept}`)).join(', ')}.`);
  if (u.notUnderstood.length) parts.push(`Not understood: ${u.notUnderstood.join(', ')}.`);
  if (u.fallback) parts.push('Nothing in the prompt was recognised, so a gentle default backdrop was drawn.');
  el.understood.textContent = parts.join(' ');
}

// ---- variations ----------------------------------------------------------------------------------

function renderVariations(): void {
  el.variations.replaceChildren(
    ...state.variations.map((v, i) => {
      const label = document.createElement('label');
      label.className = 'variation';
      const input = document.createElement('input');
      input.type = 'radio';
      input.name = 'variation';
      input.className = 'visually-hidden';
      input.checked = i === state.chosen;
      input.addEventListener('change', () => choose(i));
      const img = document.createElement('img');
      showImage(img, v.result.thumbnailUrl);
      img.alt = `Variation ${i + 1}: ${v.prompt || 'default backdrop'}, seed ${v.result.seed}`;
      img.width = 90;
      img.height = 160;
      label.append(input, img);
      return label;
    }),
  );
  updateButtons();
}

function choose(i: number): void {
  state.chosen = i;
  const v = state.variations[i];
  for (const [k, input] of [...el.variations.querySelectorAll('input')].entries()) input.checked = k === i;
  showResult(v?.result ?? null);
  updateButtons();
}

function showResult(result: Result | null): void {
  el.result.hidden = !result;
  el.badge.hidden = !result;
  el.shareUrl.hidden = true;
  if (result) {
    showImage(el.result, result.url);
    el.result.alt = `Story with the new backdrop (${state.variations[state.chosen]?.prompt || 'default'})`;
    el.labelText.textContent = result.label.text;
    el.stage.classList.add('has-result');
  } else {
    el.result.removeAttribute('src');
    el.labelText.textContent = '';
    el.stage.classList.remove('has-result');
  }
  syncMovable();
}

// ---- move & size ---------------------------------------------------------------------------------

function syncMovable(): void {
  // Without layout.x/y/scale in the recipe the server cannot re-place the subject, so moving is a
  // preview of the cut-out only; with it, a move re-renders the chosen backdrop with the same seed.
  const canMove = state.photo?.subjects.found === true && (state.moveSupported || state.chosen < 0);
  el.layer.classList.toggle('movable', canMove);
  for (const input of [el.moveX, el.moveY, el.moveS, el.resetMove]) input.disabled = !canMove;
  el.moveNote.textContent = state.moveSupported
    ? ''
    : state.chosen >= 0
      ? 'Moving the subject on a finished story needs a newer server; the cut-out can be moved before you generate.'
      : 'Moving here changes the preview; saved stories use the automatic layout on this server.';
}

const mover = attachMove(
  el.stage,
  el.layer,
  (m) => {
    el.moveX.value = String(Math.round(m.dx * 100));
    el.moveY.value = String(Math.round(m.dy * 100));
    el.moveS.value = String(Math.round(m.scale * 100));
    el.stage.classList.toggle('adjusting', state.chosen >= 0);
  },
  () => scheduleCommit(),
);

let commitTimer: ReturnType<typeof setTimeout> | undefined;
/** Key presses and slider steps come in bursts: re-render once they settle, and after a running edit ends. */
function scheduleCommit(): void {
  clearTimeout(commitTimer);
  commitTimer = setTimeout(() => (state.busy ? scheduleCommit() : void commitMove(mover.get())), 300);
}

async function commitMove(m: Move): Promise<void> {
  say(`Subject moved: ${Math.round(m.dx * 100)}% across, ${Math.round(m.dy * 100)}% down, size ${Math.round(m.scale * 100)}%`);
  const chosen = state.variations[state.chosen];
  if (!chosen || !state.moveSupported) return;
  const from = state.chosen;
  const before = state.variations.length;
  await generate(chosen.prompt, chosen.result.seed, 1);
  // The re-placed story replaces the one it was made from, so the list does not fill with near-copies.
  if (state.variations.length > before) {
    state.variations.splice(from, 1);
    renderVariations();
    choose(state.variations.length - 1);
  }
  el.stage.classList.remove('adjusting');
}

const fromSliders = () => mover.set({ dx: Number(el.moveX.value) / 100, dy: Number(el.moveY.value) / 100, scale: Number(el.moveS.value) / 100 });
for (const input of [el.moveX, el.moveY, el.moveS]) {
  input.addEventListener('input', fromSliders);
  input.addEventListener('change', scheduleCommit);
}
el.resetMove.addEventListener('click', () => {
  mover.set(NO_MOVE);
  scheduleCommit();
});

// ---- share ---------------------------------------------------------------------------------------

el.share.addEventListener('click', async () => {
  const v = state.variations[state.chosen];
  if (!v) return;
  try {
    const share = await api.share(v.jobId, v.result.seed);
    const url = new URL(share.url, location.href).href;
    el.shareUrl.value = url;
    el.shareUrl.hidden = false;
    el.shareUrl.select();
    try {
      await navigator.clipboard.writeText(url);
      say('Try-it link copied');
      el.share.textContent = 'Link copied ✓';
    } catch {
      say('Try-it link ready to copy');
    }
    setTimeout(() => (el.share.textContent = 'Copy Try-it link'), 2500);
  } catch (error) {
    showError(error);
  }
});

// ---- start ---------------------------------------------------------------------------------------

el.keyForm.addEventListener('submit', (e) => {
  e.preventDefault();
  setApiKey(el.key.value);
  el.keyForm.hidden = true;
  el.error.textContent = '';
  void Promise.all([loadPresets(), loadKits()]);
});

async function start(): Promise<void> {
  const health = await api.health().catch(() => null);
  state.moveSupported = health?.features?.moveSubject === true;
  syncMovable();
  updateButtons();
  const shareId = /^\/try\/([\w-]+)$/.exec(location.pathname)?.[1];
  if (shareId) {
    try {
      const { background } = await api.readShare(shareId);
      el.prompt.value = background.prompt;
      state.sharedSeed = background.seed;
      el.shared.hidden = false;
      el.shared.textContent = `Someone shared this backdrop: “${background.prompt || 'default'}”. Choose a photo to try it on yours.`;
    } catch (error) {
      showError(error);
    }
  }
  await Promise.all([loadPresets(), loadKits()]);
}

void start();
