// GitActors dashboard: when the journal changes (server-sent events from the page's data-live stream), re-fetch every
// [data-fragment] block and swap in its HTML. No reload, no client-side formatting: the server renders what the CLI prints.
(() => {
  const live = document.body.dataset.live;
  const state = document.getElementById("live-state");
  let running = false, again = false;

  async function refresh() {
    if (running) { again = true; return; }
    running = true;
    try {
      do {
        again = false;
        for (const block of document.querySelectorAll("[data-fragment]")) {
          const response = await fetch(block.dataset.fragment, { cache: "no-store" });
          if (!response.ok) continue;
          const html = await response.text();
          if (block.dataset.html !== html) { block.innerHTML = html; block.dataset.html = html; }
        }
      } while (again);
    } catch (e) {
      if (state) state.textContent = "reconnecting";
    } finally {
      running = false;
    }
  }

  if (!live) return;
  const events = new EventSource(live);
  events.addEventListener("open", () => { if (state) state.textContent = "live"; });
  events.addEventListener("error", () => { if (state) state.textContent = "reconnecting"; });
  events.addEventListener("journal", () => refresh());
})();
