// Enhances the complaint form: category search (the location fieldset has its own script, location-picker.ts),
// photos scaled down in the browser before sending (a 12 MP phone photo becomes a few hundred kB), a
// photo still over the per-file limit or photos over the body limit caught before sending, and the
// submit button disabled while sending. Its texts come from data- attributes the page renders in the
// visitor's language. Without JavaScript the form sends the original files and the server decides.
function setupCategorySearch(): void {
  const box = document.querySelector<HTMLElement>('.category-search');
  const input = document.querySelector<HTMLInputElement>('#category-filter');
  if (!box || !input) return;
  box.hidden = false;
  input.addEventListener('input', () => {
    const q = input.value.trim().toLowerCase();
    for (const group of document.querySelectorAll<HTMLElement>('[data-topic]')) {
      let any = false;
      for (const opt of group.querySelectorAll<HTMLElement>('[data-category-option]')) {
        const match = !q || (opt.dataset.search ?? '').includes(q);
        opt.hidden = !match;
        any ||= match;
      }
      group.hidden = !any;
    }
  });
}

/** The one "handled by … within … working days" line moves to the chosen category, beside its name. */
function setupCategoryHandling(): void {
  const line = document.querySelector<HTMLElement>('#category-handling');
  if (!line) return;
  for (const radio of document.querySelectorAll<HTMLInputElement>('input[name="category"][data-handling]')) {
    radio.addEventListener('change', () => {
      if (!radio.checked) return;
      radio.nextElementSibling?.append(line);
      line.textContent = radio.dataset.handling ?? '';
      line.hidden = !line.textContent;
    });
  }
}

/** A photo scaled to at most `maxSide` px on its long side and re-encoded as JPEG; null when the browser cannot. */
async function shrinkPhoto(file: File, maxSide: number): Promise<File | null> {
  if (!/^image\/(jpeg|png|webp)$/.test(file.type) || typeof createImageBitmap !== 'function') return null;
  // Decoded with the EXIF orientation applied, so the pixels are upright; the JPEG written below
  // carries no EXIF (the server strips metadata again in any case).
  const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  try {
    const scale = Math.min(1, maxSide / Math.max(bitmap.width, bitmap.height));
    const width = Math.max(1, Math.round(bitmap.width * scale));
    const height = Math.max(1, Math.round(bitmap.height * scale));
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    const g = canvas.getContext('2d');
    if (!g) return null;
    // A transparent PNG would turn black in a JPEG.
    g.fillStyle = '#ffffff';
    g.fillRect(0, 0, width, height);
    g.imageSmoothingQuality = 'high';
    g.drawImage(bitmap, 0, 0, width, height);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.8));
    if (!blob || blob.size === 0) return null;
    // Already small enough and no smaller re-encoded: keep what the resident chose.
    if (scale === 1 && blob.size >= file.size) return null;
    return new File([blob], file.name.replace(/\.[^.]*$/, '') + '.jpg', { type: 'image/jpeg', lastModified: file.lastModified });
  } finally {
    bitmap.close();
  }
}

/** Set while the chosen photos are being scaled; a submit waits for it. */
let preparing: Promise<void> | null = null;

function setupPhotos(): void {
  const form = document.querySelector<HTMLFormElement>('form.complaint-form');
  const input = form?.querySelector<HTMLInputElement>('#photos');
  const sizeError = document.querySelector<HTMLElement>('#photos-size-error');
  const status = document.querySelector<HTMLElement>('#photos-status');
  if (!form || !input || !sizeError) return;
  const maxBytes = Number(form.dataset.photoMaxBytes ?? '0');
  const maxSide = Number(form.dataset.photoMaxSide ?? '0');
  // Replacing the input's files needs DataTransfer (every current browser; not some old WebViews).
  let canReplace = false;
  try {
    canReplace = typeof DataTransfer === 'function' && new DataTransfer().files instanceof FileList;
  } catch {
    canReplace = false;
  }

  input.addEventListener('change', () => {
    const chosen = [...(input.files ?? [])];
    clearPhotoError(input, sizeError);
    if (chosen.length === 0) return;
    preparing = (async () => {
      let files = chosen;
      if (canReplace && maxSide > 0) {
        if (status) status.textContent = form.dataset.photosPreparing ?? '';
        files = await Promise.all(
          chosen.map((f) =>
            shrinkPhoto(f, maxSide)
              .catch(() => null)
              .then((small) => small ?? f),
          ),
        );
        // Only if the resident has not chosen again meanwhile.
        if (files.some((f, i) => f !== chosen[i]) && sameFiles(input.files, chosen)) {
          const dt = new DataTransfer();
          for (const f of files) dt.items.add(f);
          input.files = dt.files;
        }
        if (status) status.textContent = '';
      }
      const tooBig = files.find((f) => maxBytes > 0 && f.size > maxBytes);
      if (tooBig) showPhotoError(input, sizeError, (form.dataset.photoTooLarge ?? '').replace('{name}', tooBig.name), false);
    })().finally(() => {
      preparing = null;
    });
  });
}

function sameFiles(list: FileList | null, files: File[]): boolean {
  return !!list && list.length === files.length && files.every((f, i) => list[i] === f);
}

function showPhotoError(input: HTMLInputElement, box: HTMLElement, text: string, focus: boolean): void {
  box.textContent = text;
  box.hidden = false;
  input.setAttribute('aria-invalid', 'true');
  const ids = (input.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean);
  if (!ids.includes(box.id)) input.setAttribute('aria-describedby', [...ids, box.id].join(' '));
  if (focus) input.focus();
}

function clearPhotoError(input: HTMLInputElement, box: HTMLElement): void {
  if (box.hidden) return;
  box.hidden = true;
  box.textContent = '';
  if (!document.querySelector('#photos-error')) input.removeAttribute('aria-invalid');
}

function setupSubmit(): void {
  const form = document.querySelector<HTMLFormElement>('form.complaint-form');
  const button = form?.querySelector<HTMLButtonElement>('button[type="submit"]');
  const photos = form?.querySelector<HTMLInputElement>('#photos');
  const sizeError = document.querySelector<HTMLElement>('#photos-size-error');
  if (!form || !button) return;
  const label = button.textContent ?? '';
  let queued = false;
  form.addEventListener('submit', (event) => {
    if (preparing) {
      // The photos are still being scaled: send once they are ready (once, however often it was tapped).
      event.preventDefault();
      if (!queued) {
        queued = true;
        void preparing.then(() => {
          queued = false;
          form.requestSubmit(event.submitter instanceof HTMLButtonElement ? event.submitter : undefined);
        });
      }
      return;
    }
    // The server would refuse the photo (or the whole body, and the text with it): say so before sending.
    const files = [...(photos?.files ?? [])];
    const maxBytes = Number(form.dataset.photoMaxBytes ?? '0');
    const tooBig = files.find((f) => maxBytes > 0 && f.size > maxBytes);
    const limit = Number(form.dataset.bodyLimit ?? '0') * 1024 * 1024;
    const total = files.reduce((n, f) => n + f.size, 0);
    if (photos && sizeError && (tooBig || (limit > 0 && total > limit))) {
      event.preventDefault();
      const text = tooBig ? (form.dataset.photoTooLarge ?? '').replace('{name}', tooBig.name) : (form.dataset.tooLarge ?? '');
      showPhotoError(photos, sizeError, text, true);
      return;
    }
    // A second tap while the first is on its way would file it again (the server answers it with
    // the same receipt, but the resident need not wait twice). Disabled after this submit started.
    setTimeout(() => {
      button.disabled = true;
      button.textContent = button.dataset.submitting ?? label;
    });
  });
  // Coming back with the browser's back button shows the page from cache: make the button usable again.
  window.addEventListener('pageshow', () => {
    button.disabled = false;
    button.textContent = label;
  });
}

setupCategorySearch();
setupCategoryHandling();
setupPhotos();
setupSubmit();
document.querySelector<HTMLElement>('#error-summary')?.focus();
