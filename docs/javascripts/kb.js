/*
 * Reader-facing behaviour of the knowledge base, run on every page load and, through Material's
 * document$ observable, after every instant navigation:
 *
 * - Reader values: the Jira and Confluence base URLs and the user name a reader enters in the form under
 *   the title replace the placeholders in every example. The page data (overrides/main.html) lists the
 *   placeholders from placeholders.yml. The values are kept in localStorage. A token never is, because
 *   the form has no token field and only the form's field names are stored.
 * - Anchor redirects: a link to a renamed section (links.yml, anchor_redirects) lands on its new heading.
 * - Section links: each heading's permalink gets an accessible name.
 *
 * Reader input reaches the page through textContent and attribute values only, never as HTML.
 */
(() => {
  "use strict";

  const STORAGE_KEY = "kb.reader-values";
  const MAX_REDIRECT_STEPS = 10;

  // A placeholder counts only as a whole word: `someuser` must not match inside `someuser-password`,
  // and `https://your-jira.com` not inside `https://your-jira.com.example`.
  const BEFORE = "(?<![\\w.-])";
  const AFTER = "(?![\\w-]|\\.\\w)";

  // NOTE: a guess at what an API token looks like (long, random, mixed case and digits), not the app's
  // documented format. It only stops a token that was pasted into the user name field by mistake.
  const TOKEN_LIKE = /^(?=.*[a-z])(?=.*[A-Z])(?=.*\d)[A-Za-z0-9_+/=-]{20,}$/;
  const UNSAFE_CHARACTERS = /[\s"'`<>\\]/;
  const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
  const PATH = /^(?:\/[A-Za-z0-9._~%+-]*)*$/;
  const USER_NAME = /^[\p{L}\p{N}._@+-]{1,255}$/u;

  // The current page's data, and the function that shows the stored values on it (null without the form).
  let pageData = { placeholders: [], anchor_redirects: {} };
  let refreshReaderValues = null;

  /* ---------- Page data ---------- */

  function readPageData() {
    const element = document.getElementById("kb-page-data");
    if (element === null) {
      return { placeholders: [], anchor_redirects: {} };
    }
    return JSON.parse(element.dataset.kbPage);
  }

  /* ---------- Validation ---------- */

  // Returns { value } with the normalised value, or { error } with a message that names the input.
  function validateBaseUrl(input, label) {
    const quoted = `"${input}"`;
    if (UNSAFE_CHARACTERS.test(input)) {
      return { error: `The ${label} ${quoted} contains a space, quote, backslash or angle bracket. Enter only the URL.` };
    }
    const match = /^(https?):\/\/([^/?#]*)([^?#]*)([?#].*)?$/i.exec(input);
    if (match === null) {
      return { error: `The ${label} ${quoted} is invalid. It must start with https:// or http://, such as https://jira.example.com.` };
    }
    const [, scheme, authority, path, rest] = match;
    if (authority.includes("@")) {
      return { error: `The ${label} ${quoted} contains a user name or password. Enter the URL without them.` };
    }
    if (rest !== undefined) {
      return { error: `The ${label} ${quoted} contains a query (?) or fragment (#). Enter only the base URL.` };
    }
    const hostMatch = /^([^:]*)(?::(\d{1,5}))?$/.exec(authority);
    if (hostMatch === null || !HOST.test(hostMatch[1])) {
      return { error: `The ${label} ${quoted} has no valid host name. Use a name such as jira.example.com, with an optional :port.` };
    }
    const port = hostMatch[2];
    if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) {
      return { error: `The ${label} ${quoted} has an invalid port ${port}. A port is a number from 1 to 65535.` };
    }
    if (!PATH.test(path)) {
      return { error: `The ${label} ${quoted} has characters in its path that a base URL does not use.` };
    }
    const normalised = `${scheme.toLowerCase()}://${authority}${path}`.replace(/\/+$/, "");
    return { value: normalised };
  }

  function validateUserName(input, label) {
    const quoted = `"${input}"`;
    if (UNSAFE_CHARACTERS.test(input)) {
      return { error: `The ${label} ${quoted} contains a space, quote, backslash or angle bracket.` };
    }
    if (TOKEN_LIKE.test(input)) {
      return { error: `The ${label} you entered looks like an API token. Enter your user name. Tokens are never stored here.` };
    }
    if (!USER_NAME.test(input) || input.startsWith("-")) {
      return { error: `The ${label} ${quoted} is invalid. Use letters, digits and . _ @ + -, not starting with -.` };
    }
    return { value: input };
  }

  const VALIDATORS = { "base-url": validateBaseUrl, "user-name": validateUserName };

  /* ---------- Storage ---------- */

  // Keeps only non-empty strings under the given field names, so nothing else is ever stored.
  function pickFields(values, fieldNames) {
    const picked = {};
    for (const name of fieldNames) {
      if (typeof values[name] === "string" && values[name] !== "") {
        picked[name] = values[name];
      }
    }
    return picked;
  }

  function loadValues() {
    try {
      const stored = JSON.parse(localStorage.getItem(STORAGE_KEY) || "{}");
      return stored !== null && typeof stored === "object" ? stored : {};
    } catch (error) {
      console.warn("kb: ignoring unreadable reader values in localStorage", error);
      return {};
    }
  }

  // Keeps the stored values that still pass validation, because localStorage can be edited outside this script.
  function storedValues(fields) {
    const stored = loadValues();
    const values = {};
    for (const field of fields) {
      const input = stored[field.name];
      if (typeof input !== "string" || input === "") {
        continue;
      }
      const result = VALIDATORS[field.dataset.kbKind](input, field.dataset.kbLabel);
      if (result.error === undefined) {
        values[field.name] = result.value;
      }
    }
    return values;
  }

  function saveValues(values) {
    try {
      if (Object.keys(values).length === 0) {
        localStorage.removeItem(STORAGE_KEY);
      } else {
        localStorage.setItem(STORAGE_KEY, JSON.stringify(values));
      }
      return true;
    } catch (error) {
      console.warn("kb: could not store reader values", error);
      return false;
    }
  }

  /* ---------- Placeholders in code ---------- */

  function escapeRegExp(text) {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }

  // Wraps each placeholder in the page's code in a span that remembers it, so values can change and reset.
  function markPlaceholders(article, placeholders) {
    if (placeholders.length === 0) {
      return;
    }
    const byShown = new Map(placeholders.map((placeholder) => [placeholder.shown, placeholder.reader]));
    const alternatives = [...byShown.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp);
    const pattern = new RegExp(`${BEFORE}(?:${alternatives.join("|")})${AFTER}`, "g");

    for (const code of article.querySelectorAll("code")) {
      if (code.closest("[data-kb-reader]") !== null) {
        continue;
      }
      const walker = document.createTreeWalker(code, NodeFilter.SHOW_TEXT);
      const textNodes = [];
      while (walker.nextNode()) {
        if (walker.currentNode.parentElement.closest(".kb-value") === null) {
          textNodes.push(walker.currentNode);
        }
      }
      for (const node of textNodes) {
        wrapMatches(node, pattern, byShown);
      }
    }
  }

  function wrapMatches(node, pattern, byShown) {
    const text = node.nodeValue;
    pattern.lastIndex = 0;
    if (!pattern.test(text)) {
      return;
    }
    pattern.lastIndex = 0;
    const fragment = document.createDocumentFragment();
    let position = 0;
    for (const match of text.matchAll(pattern)) {
      fragment.append(text.slice(position, match.index));
      const span = document.createElement("span");
      span.className = "kb-value";
      span.dataset.kbShown = match[0];
      span.dataset.kbReader = byShown.get(match[0]);
      span.textContent = match[0];
      fragment.append(span);
      position = match.index + match[0].length;
    }
    fragment.append(text.slice(position));
    node.replaceWith(fragment);
  }

  function showValues(article, values) {
    for (const span of article.querySelectorAll(".kb-value")) {
      const value = values[span.dataset.kbReader];
      span.textContent = value || span.dataset.kbShown;
      span.classList.toggle("kb-value--reader", Boolean(value));
    }
  }

  /* ---------- The form ---------- */

  function describeValues(fields, values) {
    const shown = fields.filter((field) => values[field.name]).map((field) => values[field.name]);
    return shown.length === 0 ? "" : `(now showing ${shown.join(", ")})`;
  }

  function setupForm(article, container) {
    const form = container.querySelector("[data-kb-reader-form]");
    const fields = [...form.querySelectorAll("input[data-kb-kind]")];
    const fieldNames = fields.map((field) => field.name);
    const status = form.querySelector("[data-kb-reader-status]");
    const current = container.querySelector("[data-kb-reader-current]");

    const render = (values) => {
      for (const field of fields) {
        field.value = values[field.name] || "";
      }
      current.textContent = describeValues(fields, values);
      showValues(article, values);
    };

    const showError = (field, message) => {
      const error = form.querySelector(`[data-kb-error-for="${field.name}"]`);
      error.textContent = message;
      if (message) {
        field.setAttribute("aria-invalid", "true");
      } else {
        field.removeAttribute("aria-invalid");
      }
    };

    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const values = {};
      let firstInvalid = null;
      for (const field of fields) {
        const input = field.value.trim();
        const result = input === "" ? { value: "" } : VALIDATORS[field.dataset.kbKind](input, field.dataset.kbLabel);
        showError(field, result.error || "");
        if (result.error && firstInvalid === null) {
          firstInvalid = field;
        }
        values[field.name] = result.value;
      }
      if (firstInvalid !== null) {
        status.textContent = "Nothing was changed. Correct the value marked above.";
        firstInvalid.focus();
        return;
      }
      const picked = pickFields(values, fieldNames);
      const stored = saveValues(picked);
      render(picked);
      status.textContent = stored
        ? "The examples on every page now show your values."
        : "The examples on this page show your values, but this browser does not let the site store them.";
    });

    form.querySelector("[data-kb-reader-reset]").addEventListener("click", () => {
      saveValues({});
      for (const field of fields) {
        showError(field, "");
      }
      render({});
      status.textContent = "The examples show the placeholders again.";
    });

    const showStored = () => render(storedValues(fields));
    showStored();
    container.hidden = false;
    return showStored;
  }

  function setupReaderValues(placeholders) {
    const article = document.querySelector("article.md-content__inner");
    if (article === null) {
      return;
    }
    markPlaceholders(article, placeholders);
    const container = article.querySelector("[data-kb-reader]");
    refreshReaderValues = container === null ? null : setupForm(article, container);
  }

  /* ---------- Anchor redirects ---------- */

  function followAnchorRedirect(redirects) {
    const id = decodeURIComponent(location.hash.slice(1));
    if (id === "" || document.getElementById(id) !== null) {
      return;
    }
    let target = redirects[id];
    for (let step = 0; step < MAX_REDIRECT_STEPS && target && document.getElementById(target) === null; step++) {
      target = redirects[target];
    }
    if (target && document.getElementById(target) !== null) {
      location.replace(`#${encodeURIComponent(target)}`);
    }
  }

  /* ---------- Section links ---------- */

  function labelSectionLinks() {
    for (const link of document.querySelectorAll("article a.headerlink")) {
      const heading = link.parentElement;
      const title = [...heading.childNodes]
        .filter((node) => node !== link)
        .map((node) => node.textContent)
        .join("")
        .trim();
      link.setAttribute("aria-label", `Link to this section: ${title}`);
    }
  }

  /* ---------- Wiring ---------- */

  function onPage() {
    pageData = readPageData();
    labelSectionLinks();
    setupReaderValues(pageData.placeholders);
    followAnchorRedirect(pageData.anchor_redirects);
  }

  window.addEventListener("hashchange", () => followAnchorRedirect(pageData.anchor_redirects));

  // Another tab changed or reset the values: show the same values here.
  window.addEventListener("storage", (event) => {
    if (event.key === STORAGE_KEY && refreshReaderValues !== null) {
      refreshReaderValues();
    }
  });

  if (typeof window.document$ !== "undefined") {
    window.document$.subscribe(onPage);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", onPage);
  } else {
    onPage();
  }
})();
