// Reloads "similar complaints nearby" through its htmx fragment when the category, kelurahan or point of
// the filing form changes, sending only those four fields (never what the resident wrote about
// themselves or the problem). Without JavaScript the form's "Cek pengaduan serupa" step does the same.
const FIELDS = ['category', 'kelurahan', 'latitude', 'longitude'];

interface Htmx {
  ajax(verb: string, path: string, options: { target: string; swap: string }): Promise<unknown>;
}

function setupNearby(): void {
  const panel = document.querySelector<HTMLElement>('#nearby[data-fragment]');
  const form = panel?.closest('form');
  if (!panel || !form) return;
  let last = '';
  const refresh = () => {
    const data = new FormData(form);
    const query = new URLSearchParams();
    for (const f of FIELDS) {
      const v = data.get(f);
      if (typeof v === 'string' && v.trim() !== '') query.set(f, v.trim());
    }
    const url = `${panel.dataset.fragment}?${query}`;
    if (url === last) return;
    last = url;
    const htmx = (window as unknown as { htmx?: Htmx }).htmx;
    if (htmx) void htmx.ajax('GET', url, { target: '#nearby-results', swap: 'innerHTML' });
  };
  form.addEventListener('change', (e) => {
    const name = (e.target as HTMLInputElement | null)?.name;
    if (name && FIELDS.includes(name)) refresh();
  });
  // A pin dropped on a map (or "use my location") fills the point without a change event: it may say so.
  form.addEventListener('location-changed', refresh);
}

setupNearby();
