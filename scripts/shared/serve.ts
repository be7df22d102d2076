/**
 * A static file server on loopback, for the export's and the bench's browser to open a built deck from.
 */
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'

export interface StaticServer {
  /** Base URL with a trailing slash, e.g. `http://127.0.0.1:40123/deck/`. */
  url: string
  port: number
  close: () => Promise<void>
}

export interface ServeOptions {
  /** URL prefix the directory is mounted at, e.g. `/deck/`. Default `/`. */
  base?: string
  /** Default `127.0.0.1`: nothing outside this machine should reach an export. */
  host?: string
  /** Default 0: the OS picks a free port, so parallel runs never collide. */
  port?: number
  /** Answer unknown extension-less paths with index.html (history-mode SPAs). Default true. */
  spaFallback?: boolean
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.cjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.xml': 'application/xml',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.bmp': 'image/bmp',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.eot': 'application/vnd.ms-fontobject',
  '.wasm': 'application/wasm',
  '.pdf': 'application/pdf',
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
  '.mp3': 'audio/mpeg',
  '.wav': 'audio/wav',
  '.ogg': 'audio/ogg',
}

export function mimeType(file: string): string {
  return MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream'
}

function normaliseBase(base: string): string {
  let b = base.trim() || '/'
  if (!b.startsWith('/'))
    b = `/${b}`
  if (!b.endsWith('/'))
    b = `${b}/`
  return b
}

async function fileAt(file: string): Promise<{ file: string, size: number } | undefined> {
  try {
    const info = await stat(file)
    if (info.isFile())
      return { file, size: info.size }
    if (info.isDirectory()) {
      const index = path.join(file, 'index.html')
      const indexInfo = await stat(index)
      if (indexInfo.isFile())
        return { file: index, size: indexInfo.size }
    }
  }
  catch {}
  return undefined
}

/**
 * Serves `dir` read-only over HTTP on the loopback interface. Only GET and HEAD;
 * paths are confined to `dir`; no caching headers worth keeping, since every
 * export starts a new server.
 */
export async function serveDir(dir: string, options: ServeOptions = {}): Promise<StaticServer> {
  const root = path.resolve(dir)
  const base = normaliseBase(options.base ?? '/')
  const host = options.host ?? '127.0.0.1'
  const spaFallback = options.spaFallback ?? true

  const server = http.createServer((req, res) => {
    void handle(req, res).catch(() => {
      if (!res.headersSent)
        res.writeHead(500)
      res.end()
    })
  })

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' })
      res.end()
      return
    }
    const url = new URL(req.url ?? '/', 'http://localhost')
    let pathname: string
    try {
      pathname = decodeURIComponent(url.pathname)
    }
    catch {
      res.writeHead(400)
      res.end()
      return
    }
    if (`${pathname}/` === base) {
      res.writeHead(301, { Location: base })
      res.end()
      return
    }
    if (!pathname.startsWith(base) || pathname.includes('\0')) {
      res.writeHead(404)
      res.end()
      return
    }
    const relative = pathname.slice(base.length)
    const target = path.resolve(root, `.${path.posix.sep}${relative}`)
    if (target !== root && !target.startsWith(root + path.sep)) {
      res.writeHead(403)
      res.end()
      return
    }
    let found = await fileAt(target)
    if (!found && spaFallback && !path.extname(relative))
      found = await fileAt(path.join(root, 'index.html'))
    if (!found) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' })
      res.end('not found')
      return
    }
    res.writeHead(200, {
      'Content-Type': mimeType(found.file),
      'Content-Length': found.size,
      'Cache-Control': 'no-cache',
      'X-Content-Type-Options': 'nosniff',
    })
    if (req.method === 'HEAD') {
      res.end()
      return
    }
    const stream = createReadStream(found.file)
    stream.on('error', () => res.destroy())
    stream.pipe(res)
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const { port } = server.address() as AddressInfo
  const shownHost = host.includes(':') ? `[${host}]` : host

  let closing: Promise<void> | undefined
  return {
    url: `http://${shownHost}:${port}${base}`,
    port,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve())
        // Keep-alive sockets from the browser would otherwise hold close() open.
        server.closeAllConnections()
      })
      return closing
    },
  }
}
