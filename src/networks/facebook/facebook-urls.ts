/**
 * Facebook ids: a Page post is `{page-id}_{post-id}`, a comment `{post-id}_{comment-id}`. Public
 * addresses are built from them, so a publish costs no extra read.
 */
export function facebookPostUrl(webUrl: string, postId: string): string {
  const [pageId, postPart] = postId.split('_')
  return pageId && postPart ? `${webUrl}/${pageId}/posts/${postPart}` : `${webUrl}/${postId}`
}

/** A comment on `targetId` (a post, or a comment when answering one). */
export function facebookCommentUrl(
  webUrl: string,
  pageId: string,
  targetId: string,
  commentId: string,
): string {
  const commentPart = commentId.split('_').at(-1) ?? commentId
  const target = targetId.split('_')
  if (target.length === 2 && target[0] === pageId) {
    return `${facebookPostUrl(webUrl, targetId)}?comment_id=${commentPart}`
  }
  // Answering a comment `{post}_{comment}`: the answer shows under it.
  if (target.length === 2) {
    return `${webUrl}/${pageId}/posts/${target[0]}?comment_id=${target[1]}&reply_comment_id=${commentPart}`
  }
  return `${webUrl}/${commentId}`
}

/** Graph ids are digits, joined by `_` for posts and comments. */
export function isFacebookId(id: string): boolean {
  return /^\d{1,20}(_\d{1,20})?$/.test(id)
}
