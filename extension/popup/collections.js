// Collections: named sets of articles' results in storage.local (docs/corrections-and-storage.md), exported
// as one file by the background. Errors (quota, storage failures) are thrown to the caller, which shows them.

/** All collections: {name: {created, articles: {pageKey: {url, title, published, result, corrections}}}}. */
export async function loadCollections() {
  const { collections = {} } = await chrome.storage.local.get('collections');
  return collections && typeof collections === 'object' ? collections : {};
}

async function update(change) {
  const all = await loadCollections();
  change(all);
  await chrome.storage.local.set({ collections: all });
  return all;
}

/** Adds (or replaces) the article under its page key in collection `name`, creating the collection. */
export function addArticle(name, key, article) {
  return update((all) => {
    if (!Object.hasOwn(all, name)) all[name] = { created: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'), articles: {} };
    all[name].articles[key] = article;
  });
}

export function removeArticle(name, key) {
  return update((all) => {
    if (Object.hasOwn(all, name)) delete all[name].articles[key];
  });
}

export function deleteCollection(name) {
  return update((all) => {
    delete all[name];
  });
}
