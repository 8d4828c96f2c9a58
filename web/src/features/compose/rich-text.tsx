import { Fragment, type ReactNode } from 'react'
import { displayLink, tokenize } from './rich-text-tokens.js'

/** The post's text as the network shows it: links, mentions and hashtags in the link colour. */
export function RichText({ text, linkColor }: { text: string; linkColor: string }) {
  const tokens = tokenize(text)
  const nodes: ReactNode[] = tokens.map((token, index) => {
    const key = `${index}-${token.kind}`
    if (token.kind === 'text') return <Fragment key={key}>{token.text}</Fragment>
    return (
      <span key={key} style={{ color: linkColor }} data-token={token.kind}>
        {token.kind === 'link' ? displayLink(token.text) : token.text}
      </span>
    )
  })
  return <>{nodes}</>
}
