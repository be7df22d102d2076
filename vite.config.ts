import type { Plugin } from 'vite'
import { defineConfig } from 'vite'

interface SourcePatch {
  /** Path suffix of the file inside node_modules. */
  file: string
  /** Why the patch exists, shown if the upstream markup changed and it no longer applies. */
  reason: string
  find: RegExp
  replace: string
}

// Slidev's presenting chrome (nav bar, presenter notes, overview) has accessibility faults that
// no setting turns off. They are fixed in the markup at build time, so every build and export gets
// the same fix. The browser suite runs axe over the built deck, so if an upgrade changes the
// markup and a patch stops applying, the test that caught the fault catches it again.
const PATCHES: SourcePatch[] = [
  {
    file: '/@slidev/client/internals/MenuButton.vue',
    reason: 'its toggle wraps the IconButton in a second <button>; nested buttons are unreachable to assistive tech',
    // The inner IconButton is the real button; its click bubbles to the wrapper, so a plain
    // element keeps mouse and keyboard behaviour the same.
    find: /<button(\s+:class="\{ disabled \}"\s+@click="value = !value")>(\s*<slot name="button"[^>]*\/>\s*)<\/button>/,
    replace: '<div$1>$2</div>',
  },
  {
    file: '/@slidev/client/internals/NoteDisplay.vue',
    reason: 'long notes scroll inside the presenter view, and a scrolling region must be reachable by keyboard',
    find: /class="prose dark:prose-invert overflow-auto outline-none/g,
    replace: 'tabindex="0" class="prose dark:prose-invert overflow-auto outline-none',
  },
  {
    file: '/@slidev/client/internals/QuickOverview.vue',
    reason: 'the overview (key o) scrolls when the deck has more slides than fit, and holds nothing focusable',
    find: /<div(\s+)v-if="showOverview"/,
    replace: '<div$1v-if="showOverview"$1tabindex="0"$1role="region"$1aria-label="Slide overview"',
  },
]

function patchPresentingChrome(): Plugin {
  return {
    name: 'deck:accessible-chrome',
    enforce: 'pre',
    transform(code, id) {
      // `?vue&type=…` ids are the SFC's style and script sub-blocks; the template is compiled
      // from the main module. Other queries (the dev server's `?v=` cache buster) are kept.
      const [file = '', query = ''] = id.split('?')
      if (/(?:^|&)vue(?:&|$)/.test(query))
        return null
      const path = file.replaceAll('\\', '/')
      const patch = PATCHES.find(p => path.endsWith(p.file))
      if (!patch)
        return null
      const patched = code.replace(patch.find, patch.replace)
      if (patched === code)
        this.warn(`could not patch ${patch.file} (${patch.reason}); its markup changed upstream`)
      return { code: patched, map: null }
    },
  }
}

export default defineConfig({
  plugins: [patchPresentingChrome()],
})
