//! The postings of one key: a varint list of (page id delta, section, weighted term
//! frequency) that a build appends to, or patches in place when a few pages changed.

use super::encode::{get_varint, put_varint, varint_len};

/// Postings and bookkeeping of one key.
#[derive(Default)]
pub(crate) struct KeyState {
    /// Varints per posting, in page order: page id delta, section, weighted term frequency.
    pub(crate) list: Vec<u8>,
    /// Pages in `list`.
    pub(crate) df: u32,
    /// Page id of the last posting (appends encode the delta from it).
    pub(crate) last: u32,
    /// Bytes the postings take in a chunk: page delta and section varints, one score byte.
    pub(crate) post_len: u32,
    /// Pages that have this key as a word form.
    pub(crate) forms: u32,
    /// The list, df or word-form count changed since the last build.
    pub(crate) touched: bool,
    /// The key's bytes in a chunk may differ from the last build.
    pub(crate) dirty: bool,
    pub(crate) was_present: bool,
    pub(crate) was_form: bool,
}

impl KeyState {
    pub(crate) fn push(&mut self, page: u32, tf: u32, section: u32) {
        let d = u64::from(page - self.last);
        put_varint(&mut self.list, d);
        put_varint(&mut self.list, u64::from(section));
        put_varint(&mut self.list, u64::from(tf));
        self.post_len += (varint_len(d) + varint_len(u64::from(section)) + 1) as u32;
        self.last = page;
        self.df += 1;
    }

    pub(crate) fn clear_list(&mut self) {
        self.list.clear();
        self.df = 0;
        self.last = 0;
        self.post_len = 0;
    }

    /// Replaces the posting of `page`, if any, by `new`, editing the bytes in place: only the
    /// page's own posting and the next posting's page delta change.
    pub(crate) fn splice(&mut self, page: u32, new: Post) {
        // A page after the last posting (an appended page) is a push: no walk of the list.
        if self.df == 0 || page > self.last {
            if let Some((sec, tf)) = new {
                self.push(page, tf, sec);
            }
            return;
        }
        let l = &self.list;
        // The first posting at or after `page`, and the page before it.
        let (mut pos, mut before) = (0usize, 0u32);
        while pos < l.len() {
            let mut p = pos;
            let d = get_varint(l, &mut p);
            if before + d >= page {
                break;
            }
            before += d;
            get_varint(l, &mut p);
            get_varint(l, &mut p);
            pos = p;
        }
        let mut after = pos;
        let mut last = before;
        let mut post_len = i64::from(self.post_len);
        let mut df = self.df;
        if after < l.len() {
            let mut p = after;
            let d = get_varint(l, &mut p);
            if before + d == page {
                let sec = get_varint(l, &mut p);
                get_varint(l, &mut p);
                post_len -= (varint_len(u64::from(d)) + varint_len(u64::from(sec)) + 1) as i64;
                df -= 1;
                after = p;
                last = page;
            }
        }
        // The next posting's delta is rewritten from the new previous page.
        let mut tail = after;
        let next = (after < l.len()).then(|| {
            let d = get_varint(l, &mut tail);
            (last + d, d)
        });
        let mut rep = Vec::with_capacity(16);
        let mut base = before;
        if let Some((sec, tf)) = new {
            let d = u64::from(page - before);
            put_varint(&mut rep, d);
            put_varint(&mut rep, u64::from(sec));
            put_varint(&mut rep, u64::from(tf));
            post_len += (varint_len(d) + varint_len(u64::from(sec)) + 1) as i64;
            df += 1;
            base = page;
        }
        match next {
            Some((next_page, old_d)) => {
                let d = u64::from(next_page - base);
                put_varint(&mut rep, d);
                post_len += varint_len(d) as i64 - varint_len(u64::from(old_d)) as i64;
            }
            None => self.last = base,
        }
        self.list.splice(pos..tail, rep);
        self.post_len = post_len as u32;
        self.df = df;
    }

    /// (page, section, tf) of every posting.
    pub(crate) fn decode(&self) -> Vec<(u32, u32, u32)> {
        let mut out = Vec::with_capacity(self.df as usize);
        let (mut pos, mut page) = (0, 0u32);
        while pos < self.list.len() {
            page += get_varint(&self.list, &mut pos);
            let sec = get_varint(&self.list, &mut pos);
            let tf = get_varint(&self.list, &mut pos);
            out.push((page, sec, tf));
        }
        out
    }
}

/// A (sec, tf) posting.
pub(crate) type Post = Option<(u32, u32)>;

/// How a patch changed one key's postings: its df before, and (page, old, new) per changed
/// page that had or has the key.
pub(crate) struct KeyEdit {
    pub(crate) key: u32,
    pub(crate) old_df: u32,
    pub(crate) changes: Vec<(u32, Post, Post)>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splice_matches_rebuilding_the_list() {
        let mut rng = crate::test_rng::Lcg::new(11);
        let mut next = |m: u32| rng.below(u64::from(m)) as u32;
        for _ in 0..3000 {
            let mut posts: Vec<(u32, u32, u32)> = Vec::new();
            let mut page = 0;
            for _ in 0..next(8) {
                page += 1 + next(300);
                posts.push((page, next(3), 1 + next(200)));
            }
            let mut k = KeyState::default();
            for &(p, s, t) in &posts {
                k.push(p, t, s);
            }
            let target = if !posts.is_empty() && next(2) == 0 {
                posts[next(posts.len() as u32) as usize].0
            } else {
                next(page + 400)
            };
            let new = (next(3) > 0).then(|| (next(5), 1 + next(1000)));
            posts.retain(|p| p.0 != target);
            if let Some((s, t)) = new {
                posts.push((target, s, t));
                posts.sort_unstable();
            }
            let mut want = KeyState::default();
            for &(p, s, t) in &posts {
                want.push(p, t, s);
            }
            k.splice(target, new);
            assert_eq!(k.list, want.list);
            assert_eq!(
                (k.df, k.post_len, k.last),
                (want.df, want.post_len, want.last)
            );
            assert_eq!(k.decode(), posts);
        }
    }
}
