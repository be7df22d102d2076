/**
 * How remote files that did not load are named: which URLs count as remote, where a file the
 * page could not place on a slide goes, and how a file on many slides is written as one line.
 */
import { describe, expect, it } from 'vitest'
import { isRemote, placeRemoteLoads, remoteLoadLines, remoteLoadsError } from '../scripts/export/print/remote-loads'

describe('remote loads', () => {
  it('counts other hosts as remote, and the loopback server, data: and blob: addresses as not', () => {
    expect(['https://pictures.example.org/a.png', 'http://cdn.example.com/x.css', 'wss://live.example.net/feed'].map(isRemote)).toEqual([true, true, true])
    expect(['http://127.0.0.1:41234/deck/a.png', 'http://localhost:3030/', 'data:image/png;base64,AA', 'blob:http://127.0.0.1/1', 'not a url'].map(isRemote)).toEqual([false, false, false, false, false])
  })

  it('places what the page did not find on the slide whose source names it, else on the deck, in slide order', () => {
    const failed = new Map([
      ['https://a.example.org/boat.jpg', 'image'],
      ['https://b.example.org/sheet.css', 'stylesheet'],
      ['https://c.example.org/chart.png', 'image'],
      ['https://d.example.org/face.woff2', 'font'],
      ['https://cdn.example.org/favicon.png', 'other'],
    ])
    const page = {
      places: [{ url: 'https://a.example.org/boat.jpg', what: 'picture', slide: 4 }],
      faces: [{ url: 'https://d.example.org/face.woff2', family: 'Quay Sans' }],
      icons: ['https://cdn.example.org/favicon.png'],
    }
    const sources = ['# one', '# two\n<div style="background: url(https://c.example.org/chart.png)">', '# three', '# four']
    expect(placeRemoteLoads(failed, page, n => sources[n - 1], sources.length)).toEqual([
      { url: 'https://c.example.org/chart.png', what: 'picture', slide: 2 },
      { url: 'https://a.example.org/boat.jpg', what: 'picture', slide: 4 },
      { url: 'https://b.example.org/sheet.css', what: 'stylesheet' },
      { url: 'https://d.example.org/face.woff2', what: 'font "Quay Sans"' },
    ])
  })

  it('writes a file shown on many slides as one line that counts them', () => {
    const font = (slide: number) => ({ url: 'https://d.example.org/face.woff2', what: 'font "Quay Sans"', slide })
    expect(remoteLoadLines([font(1), font(2), { url: 'https://a.example.org/boat.jpg', what: 'picture', slide: 2 }, font(3)])).toEqual([
      'slides 1, 2, 3: font "Quay Sans" https://d.example.org/face.woff2',
      'slide 2: picture https://a.example.org/boat.jpg',
    ])
    expect(remoteLoadLines([1, 2, 3, 4, 5, 6, 7, 8].map(font))).toEqual(['slides 1, 2, 3, 4, 5 and 3 more: font "Quay Sans" https://d.example.org/face.woff2'])
  })

  it('fails naming every file, one a line, with the placeholder flag in the hint', () => {
    const error = remoteLoadsError([{ url: 'https://a.example.org/boat.jpg', what: 'picture', slide: 2 }, { url: 'https://b.example.org/sheet.css', what: 'stylesheet' }])
    expect(error.message).toBe('2 remote files did not load (an export loads nothing from the network):\n    slide 2: picture https://a.example.org/boat.jpg\n    the deck: stylesheet https://b.example.org/sheet.css')
    expect(error.hint).toMatch(/public\/ folder.*--placeholders/)
  })
})
