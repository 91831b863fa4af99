// Theme data in the shape Azure DevOps sends extensions (`themeData` in the handshake and the
// `themeChanged` event): CSS custom property names without the leading "--". Palette entries are
// "r, g, b" triplets (used as rgba(var(--palette-primary), 1)); semantic entries are full colours.

export type ThemeName = "light" | "dark";
export type ThemeData = Record<string, string>;

const light: ThemeData = {
  "palette-primary": "0, 120, 212",
  "palette-primary-shade-30": "0, 69, 120",
  "palette-primary-shade-20": "0, 90, 158",
  "palette-primary-shade-10": "16, 110, 190",
  "palette-primary-tint-10": "43, 136, 216",
  "palette-primary-tint-20": "199, 224, 244",
  "palette-primary-tint-30": "222, 236, 249",
  "palette-primary-tint-40": "239, 246, 252",
  "palette-primary-darken-6": "0, 107, 190",
  "palette-primary-darken-10": "0, 99, 176",
  "palette-primary-darkened-6": "0, 107, 190",
  "palette-primary-darkened-10": "0, 99, 176",
  "palette-neutral-0": "255, 255, 255",
  "palette-neutral-2": "248, 248, 248",
  "palette-neutral-4": "244, 244, 244",
  "palette-neutral-6": "239, 239, 239",
  "palette-neutral-8": "234, 234, 234",
  "palette-neutral-10": "218, 218, 218",
  "palette-neutral-20": "200, 200, 200",
  "palette-neutral-30": "166, 166, 166",
  "palette-neutral-60": "102, 102, 102",
  "palette-neutral-70": "51, 51, 51",
  "palette-neutral-80": "30, 30, 30",
  "palette-neutral-90": "20, 20, 20",
  "palette-neutral-100": "0, 0, 0",
  "neutral-4": "rgba(244, 244, 244, 1)",
  "neutral-8": "rgba(234, 234, 234, 1)",
  "neutral-10": "rgba(218, 218, 218, 1)",
  "neutral-20": "rgba(200, 200, 200, 1)",
  "neutral-30": "rgba(166, 166, 166, 1)",
  "background-color": "rgba(255, 255, 255, 1)",
  "callout-background-color": "rgba(255, 255, 255, 1)",
  "callout-filtered-background-color": "rgba(255, 255, 255, 0.86)",
  "search-box-background": "rgba(244, 244, 244, 1)",
  "text-primary-color": "rgba(0, 0, 0, .9)",
  "text-secondary-color": "rgba(0, 0, 0, .55)",
  "text-disabled-color": "rgba(0, 0, 0, .38)",
  "text-on-communication-background": "rgba(255, 255, 255, 1)",
  "communication-foreground": "rgba(0, 90, 158, 1)",
  "communication-background": "rgba(0, 120, 212, 1)",
  "focus-border-color": "rgba(0, 120, 212, 1)",
  "border-subtle-color": "rgba(0, 0, 0, .08)",
  "status-info-foreground": "rgba(0, 120, 212, 1)",
  "status-info-background": "rgba(239, 246, 252, 1)",
  "status-error-foreground": "rgba(205, 74, 69, 1)",
  "status-error-text": "rgba(164, 38, 44, 1)",
  "status-error-background": "rgba(250, 235, 235, 1)",
  "status-error-strong": "rgba(218, 10, 0, 1)",
  "status-warning-foreground": "rgba(214, 127, 60, 1)",
  "status-warning-text": "rgba(140, 75, 14, 1)",
  "status-warning-background": "rgba(251, 242, 236, 1)",
  "status-success-foreground": "rgba(16, 124, 16, 1)",
  "status-success-text": "rgba(16, 124, 16, 1)",
  "status-success-background": "rgba(223, 246, 221, 1)",
  "component-label-default-color": "rgba(234, 234, 234, 1)",
  "component-label-default-color-hover": "rgba(218, 218, 218, 1)",
  "component-grid-row-hover-color": "rgba(0, 0, 0, .02)",
  "component-grid-selected-row-color": "rgba(222, 236, 249, 1)",
  "component-grid-focus-border-color": "rgba(0, 120, 212, 1)",
  "component-htmlEditor-background-color": "rgba(255, 255, 255, 1)",
  "component-menu-selected-item-background": "rgba(222, 236, 249, 1)",
  "nav-header-background": "rgba(255, 255, 255, 1)",
  "nav-header-item-hover-background": "rgba(0, 0, 0, .02)",
  "nav-header-active-item-background": "rgba(0, 0, 0, .08)",
  "nav-header-text-primary-color": "rgba(0, 0, 0, .9)",
  "nav-vertical-background-color": "rgba(234, 234, 234, 1)",
  "nav-vertical-item-hover-background": "rgba(0, 0, 0, .04)",
  "nav-vertical-active-group-background": "rgba(0, 0, 0, .08)",
  "nav-vertical-text-primary-color": "rgba(0, 0, 0, .9)",
  "nav-vertical-text-secondary-color": "rgba(0, 0, 0, .55)",
};

const dark: ThemeData = {
  ...light,
  "palette-primary": "40, 153, 245",
  "palette-primary-shade-30": "196, 226, 250",
  "palette-primary-shade-20": "150, 203, 245",
  "palette-primary-shade-10": "86, 171, 240",
  "palette-primary-tint-10": "29, 122, 199",
  "palette-primary-tint-20": "20, 60, 94",
  "palette-primary-tint-30": "17, 44, 66",
  "palette-primary-tint-40": "14, 30, 43",
  "palette-primary-darken-6": "55, 166, 255",
  "palette-primary-darken-10": "79, 178, 255",
  "palette-primary-darkened-6": "55, 166, 255",
  "palette-primary-darkened-10": "79, 178, 255",
  "palette-neutral-0": "0, 0, 0",
  "palette-neutral-2": "32, 31, 30",
  "palette-neutral-4": "41, 40, 39",
  "palette-neutral-6": "47, 46, 45",
  "palette-neutral-8": "50, 49, 48",
  "palette-neutral-10": "59, 58, 57",
  "palette-neutral-20": "72, 70, 68",
  "palette-neutral-30": "121, 119, 117",
  "palette-neutral-60": "161, 159, 157",
  "palette-neutral-70": "200, 198, 196",
  "palette-neutral-80": "225, 223, 221",
  "palette-neutral-90": "243, 242, 241",
  "palette-neutral-100": "255, 255, 255",
  "neutral-4": "rgba(41, 40, 39, 1)",
  "neutral-8": "rgba(50, 49, 48, 1)",
  "neutral-10": "rgba(59, 58, 57, 1)",
  "neutral-20": "rgba(72, 70, 68, 1)",
  "neutral-30": "rgba(121, 119, 117, 1)",
  "background-color": "rgba(32, 31, 30, 1)",
  "callout-background-color": "rgba(37, 36, 35, 1)",
  "callout-filtered-background-color": "rgba(32, 31, 30, 0.82)",
  "search-box-background": "rgba(50, 49, 48, 1)",
  "text-primary-color": "rgba(255, 255, 255, .87)",
  "text-secondary-color": "rgba(255, 255, 255, .6)",
  "text-disabled-color": "rgba(255, 255, 255, .38)",
  "text-on-communication-background": "rgba(0, 0, 0, .9)",
  "communication-foreground": "rgba(130, 193, 247, 1)",
  "communication-background": "rgba(40, 153, 245, 1)",
  "focus-border-color": "rgba(40, 153, 245, 1)",
  "border-subtle-color": "rgba(255, 255, 255, .08)",
  "status-info-foreground": "rgba(40, 153, 245, 1)",
  "status-info-background": "rgba(17, 44, 66, 1)",
  "status-error-foreground": "rgba(241, 112, 123, 1)",
  "status-error-text": "rgba(241, 112, 123, 1)",
  "status-error-background": "rgba(68, 39, 38, 1)",
  "status-error-strong": "rgba(241, 112, 123, 1)",
  "status-warning-foreground": "rgba(252, 225, 0, 1)",
  "status-warning-text": "rgba(252, 225, 0, 1)",
  "status-warning-background": "rgba(67, 53, 25, 1)",
  "status-success-foreground": "rgba(84, 176, 84, 1)",
  "status-success-text": "rgba(84, 176, 84, 1)",
  "status-success-background": "rgba(57, 61, 27, 1)",
  "component-label-default-color": "rgba(50, 49, 48, 1)",
  "component-label-default-color-hover": "rgba(59, 58, 57, 1)",
  "component-grid-row-hover-color": "rgba(255, 255, 255, .04)",
  "component-grid-selected-row-color": "rgba(17, 44, 66, 1)",
  "component-grid-focus-border-color": "rgba(40, 153, 245, 1)",
  "component-htmlEditor-background-color": "rgba(32, 31, 30, 1)",
  "component-menu-selected-item-background": "rgba(17, 44, 66, 1)",
  "nav-header-background": "rgba(32, 31, 30, 1)",
  "nav-header-item-hover-background": "rgba(255, 255, 255, .02)",
  "nav-header-active-item-background": "rgba(255, 255, 255, .08)",
  "nav-header-text-primary-color": "rgba(255, 255, 255, .87)",
  "nav-vertical-background-color": "rgba(41, 40, 39, 1)",
  "nav-vertical-item-hover-background": "rgba(255, 255, 255, .04)",
  "nav-vertical-active-group-background": "rgba(255, 255, 255, .08)",
  "nav-vertical-text-primary-color": "rgba(255, 255, 255, .87)",
  "nav-vertical-text-secondary-color": "rgba(255, 255, 255, .6)",
};

export function themeData(name: ThemeName): ThemeData {
  return { ...(name === "dark" ? dark : light) };
}

/** The host page uses the same variables as its frames, so both switch together. */
export function applyThemeToHost(doc: Document, name: ThemeName): void {
  const root = doc.documentElement;
  for (const [key, value] of Object.entries(themeData(name)))
    root.style.setProperty(`--${key}`, value);
  root.dataset["theme"] = name;
  root.style.colorScheme = name;
}

/** The theme chosen in the URL (?theme=) or the cookie, falling back to the boot data. */
export function chosenTheme(loc: Location, cookie: string, fallback: ThemeName): ThemeName {
  const fromUrl = new URLSearchParams(loc.search).get("theme");
  if (fromUrl === "dark" || fromUrl === "light") return fromUrl;
  const fromCookie = /(?:^|;\s*)emulator-theme=(dark|light)/.exec(cookie)?.[1];
  return fromCookie === "dark" || fromCookie === "light" ? fromCookie : fallback;
}

export function rememberTheme(doc: Document, name: ThemeName): void {
  doc.cookie = `emulator-theme=${name}; path=/; SameSite=Lax`;
  const url = new URL(doc.location.href);
  url.searchParams.set("theme", name);
  history.replaceState(history.state, "", url);
}
