// Enhances the complaint form: category search, kelurahan narrowed to the chosen kecamatan, "use my location",
// photos over the body limit caught before sending, and the submit button disabled while sending.
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

function setupAreas(): void {
  const kec = document.querySelector<HTMLSelectElement>('#kecamatan');
  const kel = document.querySelector<HTMLSelectElement>('#kelurahan');
  if (!kec || !kel) return;
  const groups = [...kel.querySelectorAll<HTMLOptGroupElement>('optgroup')];
  const original = groups.map((g) => ({ g, options: [...g.children] }));
  const apply = () => {
    const chosen = kec.value;
    for (const { g, options } of original) {
      const show = !chosen || g.dataset.kecamatan === chosen;
      // Removing options (not only hiding) works in every browser, including mobile Safari.
      g.replaceChildren(...(show ? options : []));
      g.hidden = !show;
    }
    const selected = kel.selectedOptions[0];
    if (selected && selected.parentElement instanceof HTMLOptGroupElement && selected.parentElement.hidden) kel.value = '';
  };
  kec.addEventListener('change', apply);
  kel.addEventListener('change', () => {
    const group = kel.selectedOptions[0]?.parentElement;
    if (group instanceof HTMLOptGroupElement && group.dataset.kecamatan && !kec.value) kec.value = group.dataset.kecamatan;
  });
  apply();
}

function setupLocation(): void {
  const button = document.querySelector<HTMLButtonElement>('#use-location');
  const status = document.querySelector<HTMLElement>('#location-status');
  const lat = document.querySelector<HTMLInputElement>('#latitude');
  const lon = document.querySelector<HTMLInputElement>('#longitude');
  if (!button || !status || !lat || !lon || !('geolocation' in navigator)) return;
  button.hidden = false;
  button.addEventListener('click', () => {
    status.textContent = button.dataset.locating ?? '';
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        lat.value = pos.coords.latitude.toFixed(6);
        lon.value = pos.coords.longitude.toFixed(6);
        status.textContent = button.dataset.found ?? '';
      },
      () => {
        status.textContent = button.dataset.failed ?? '';
      },
      { enableHighAccuracy: true, timeout: 15000 },
    );
  });
}

function setupSubmit(): void {
  const form = document.querySelector<HTMLFormElement>('form.complaint-form');
  const button = form?.querySelector<HTMLButtonElement>('button[type="submit"]');
  const photos = form?.querySelector<HTMLInputElement>('#photos');
  const sizeError = document.querySelector<HTMLElement>('#photos-size-error');
  if (!form || !button) return;
  const label = button.textContent ?? '';
  form.addEventListener('submit', (event) => {
    // The server would refuse the whole body (and the text with it): say so before sending.
    const limit = Number(form.dataset.bodyLimit ?? '0') * 1024 * 1024;
    const total = [...(photos?.files ?? [])].reduce((n, f) => n + f.size, 0);
    if (limit > 0 && total > limit && photos && sizeError) {
      event.preventDefault();
      sizeError.textContent = form.dataset.tooLarge ?? '';
      sizeError.hidden = false;
      photos.setAttribute('aria-invalid', 'true');
      photos.focus();
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
setupAreas();
setupLocation();
setupSubmit();
document.querySelector<HTMLElement>('#error-summary')?.focus();
