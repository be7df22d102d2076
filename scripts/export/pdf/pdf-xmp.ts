/**
 * The XMP metadata packet PDF/UA-1 asks for (ISO 14289-1, 5 and 7.1): the
 * PDF/UA identification schema and a Dublin Core title, written from the same
 * values as the document info dictionary so the two always agree.
 */

export interface XmpFields {
  title: string
  /** Dublin Core creator (the info dictionary's Author). */
  author?: string
  /** Dublin Core description (the info dictionary's Subject). */
  subject?: string
  keywords?: string[]
  lang: string
  /** The tool that made the content (info /Creator, xmp:CreatorTool). */
  creatorTool: string
  producer: string
  date: Date
}

const escapeXml = (value: string) => value
  .replace(/&/g, '&amp;')
  .replace(/</g, '&lt;')
  .replace(/>/g, '&gt;')
  .replace(/"/g, '&quot;')

/** ISO 8601 in UTC without milliseconds, as XMP dates are usually written. */
export function xmpDate(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z')
}

export function buildXmp(fields: XmpFields): string {
  const lang = escapeXml(fields.lang)
  const altText = (value: string) => `<rdf:Alt><rdf:li xml:lang="x-default">${escapeXml(value)}</rdf:li></rdf:Alt>`
  const date = xmpDate(fields.date)
  const lines = [
    '<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>',
    '<x:xmpmeta xmlns:x="adobe:ns:meta/">',
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
    '<rdf:Description rdf:about=""',
    '  xmlns:dc="http://purl.org/dc/elements/1.1/"',
    '  xmlns:xmp="http://ns.adobe.com/xap/1.0/"',
    '  xmlns:pdf="http://ns.adobe.com/pdf/1.3/"',
    '  xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">',
    '<dc:format>application/pdf</dc:format>',
    `<dc:title>${altText(fields.title)}</dc:title>`,
    ...(fields.author ? [`<dc:creator><rdf:Seq><rdf:li>${escapeXml(fields.author)}</rdf:li></rdf:Seq></dc:creator>`] : []),
    ...(fields.subject ? [`<dc:description>${altText(fields.subject)}</dc:description>`] : []),
    `<dc:language><rdf:Bag><rdf:li>${lang}</rdf:li></rdf:Bag></dc:language>`,
    ...(fields.keywords?.length
      ? [
          `<dc:subject><rdf:Bag>${fields.keywords.map(k => `<rdf:li>${escapeXml(k)}</rdf:li>`).join('')}</rdf:Bag></dc:subject>`,
          `<pdf:Keywords>${escapeXml(fields.keywords.join(', '))}</pdf:Keywords>`,
        ]
      : []),
    `<pdf:Producer>${escapeXml(fields.producer)}</pdf:Producer>`,
    `<xmp:CreatorTool>${escapeXml(fields.creatorTool)}</xmp:CreatorTool>`,
    `<xmp:CreateDate>${date}</xmp:CreateDate>`,
    `<xmp:ModifyDate>${date}</xmp:ModifyDate>`,
    `<xmp:MetadataDate>${date}</xmp:MetadataDate>`,
    '<pdfuaid:part>1</pdfuaid:part>',
    '</rdf:Description>',
    '</rdf:RDF>',
    '</x:xmpmeta>',
    '<?xpacket end="r"?>',
  ]
  return lines.join('\n')
}
