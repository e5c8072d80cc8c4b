//! Where recursion needs a `Box`.
//!
//! A type that contains itself by value, directly or through other types (`Node { parent:
//! Option<Node> }`, `A { b: B }` + `B { a: Option<A> }`), has no finite size. `Vec` and maps
//! already put their items on the heap, so only by-value edges count. Every by-value edge whose
//! two ends lie in the same strongly connected component is boxed: that breaks every cycle and
//! boxes nothing else.

use std::collections::HashMap;

use super::{TypeDef, TypeKind, TypeRef};

/// The named type a field holds by value (through `Option` at most), if any.
fn by_value(ty: &TypeRef) -> Option<&str> {
    match ty {
        TypeRef::Named(name) => Some(name),
        TypeRef::Option(inner) => by_value(inner),
        _ => None,
    }
}

/// Marks `boxed` on every field and union variant that closes a cycle of by-value types.
/// `index` gives each type's position in `types`.
pub fn box_cycles(types: &mut [TypeDef], index: &HashMap<String, usize>) {
    let edges: Vec<Vec<usize>> = types
        .iter()
        .map(|t| {
            let targets: Vec<&TypeRef> = match &t.kind {
                TypeKind::Struct(s) => s.fields.iter().map(|f| &f.ty).collect(),
                TypeKind::Union(u) => u.variants.iter().map(|v| &v.ty).collect(),
                TypeKind::Alias(ty) => vec![ty],
                _ => Vec::new(),
            };
            targets
                .into_iter()
                .filter_map(|ty| by_value(ty).and_then(|n| index.get(n).copied()))
                .collect()
        })
        .collect();
    let component = strongly_connected(&edges);
    let same = |from: usize, ty: &TypeRef| {
        by_value(ty)
            .and_then(|n| index.get(n))
            .is_some_and(|&to| component[to] == component[from])
    };
    for (i, def) in types.iter_mut().enumerate() {
        match &mut def.kind {
            TypeKind::Struct(s) => {
                for field in &mut s.fields {
                    field.boxed = same(i, &field.ty);
                }
            }
            TypeKind::Union(u) => {
                for variant in &mut u.variants {
                    variant.boxed = same(i, &variant.ty);
                }
            }
            _ => {}
        }
    }
}

/// Tarjan's algorithm, iterative so that deep type graphs cannot overflow the stack.
/// Returns the component number of every node.
fn strongly_connected(edges: &[Vec<usize>]) -> Vec<usize> {
    const UNVISITED: usize = usize::MAX;
    let n = edges.len();
    let mut index = vec![UNVISITED; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut component = vec![UNVISITED; n];
    let mut next_index = 0;
    let mut next_component = 0;
    for root in 0..n {
        if index[root] != UNVISITED {
            continue;
        }
        // (node, next edge to look at)
        let mut work = vec![(root, 0usize)];
        index[root] = next_index;
        low[root] = next_index;
        next_index += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (node, ref mut edge)) = work.last_mut() {
            if let Some(&to) = edges[node].get(*edge) {
                *edge += 1;
                if index[to] == UNVISITED {
                    index[to] = next_index;
                    low[to] = next_index;
                    next_index += 1;
                    stack.push(to);
                    on_stack[to] = true;
                    work.push((to, 0));
                } else if on_stack[to] {
                    low[node] = low[node].min(index[to]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == index[node] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component[member] = next_component;
                    if member == node {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    component
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn components() {
        // 0 -> 1 -> 2 -> 0, 3 -> 3, 4 alone
        let c = strongly_connected(&[vec![1], vec![2], vec![0], vec![3], vec![]]);
        assert_eq!(c[0], c[1]);
        assert_eq!(c[1], c[2]);
        assert_ne!(c[0], c[3]);
        assert_ne!(c[3], c[4]);
    }
}
