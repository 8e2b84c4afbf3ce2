//! Error enums shared by the operations that document the same error responses. Big specs
//! mostly do (`4XX` and `5XX` with one error schema on every operation): the crate then has one
//! enum and one reader of it instead of one per operation, and each operation's error type is
//! an alias of the shared enum, so its name stays what callers match on.

use crate::ir::{Operation, Response, SharedError};
use crate::naming::Scope;

/// Gives every group of two or more operations whose error responses are alike (status,
/// variant, docs, body and its encoding) a shared enum, and returns those enums in the order
/// of their first operation.
pub(super) fn share(operations: &mut [Operation], type_names: &mut Scope) -> Vec<SharedError> {
    let errors = |op: &Operation| -> Vec<Response> {
        op.responses
            .iter()
            .filter(|r| !r.status.is_success())
            .cloned()
            .collect()
    };
    // Each distinct list of error responses, with the operations that document it.
    let mut groups: Vec<(Vec<Response>, Vec<usize>)> = Vec::new();
    for (i, op) in operations.iter().enumerate() {
        let list = errors(op);
        match groups.iter_mut().find(|(seen, _)| *seen == list) {
            Some((_, users)) => users.push(i),
            None => groups.push((list, vec![i])),
        }
    }
    let mut shared = Vec::new();
    for (responses, users) in groups {
        if users.len() < 2 {
            continue;
        }
        let name = type_names.claim(name_of(&responses));
        for i in users {
            operations[i].shared_error = Some(name.clone());
        }
        shared.push(SharedError { name, responses });
    }
    shared
}

/// A name that says what the enum holds: its variants (`ClientError` and `ServerError` make
/// `ClientOrServerError`), the first two of them when there are more than three.
fn name_of(responses: &[Response]) -> String {
    let parts = responses
        .iter()
        .map(|r| match r.variant.strip_suffix("Error") {
            Some(stem) if !stem.is_empty() => stem,
            _ => r.variant.as_str(),
        })
        .collect::<Vec<_>>();
    match parts.as_slice() {
        [] => "UndocumentedError".to_owned(),
        [first, second, _, _, ..] => format!("{first}Or{second}OrOtherError"),
        few => format!("{}Error", few.join("Or")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{BodyEncoding, StatusMatch, TypeRef};

    fn response(status: StatusMatch, variant: &str) -> Response {
        Response {
            status,
            variant: variant.into(),
            docs: Some("Error".into()),
            body: Some(TypeRef::Named("Error".into())),
            encoding: BodyEncoding::Json,
            media: Some("application/json".into()),
        }
    }

    #[test]
    fn names_say_what_the_enum_holds() {
        let client = response(StatusMatch::Range(4), "ClientError");
        let server = response(StatusMatch::Range(5), "ServerError");
        let missing = response(StatusMatch::Code(404), "NotFound");
        let default = response(StatusMatch::Default, "Default");
        assert_eq!(name_of(&[]), "UndocumentedError");
        assert_eq!(
            name_of(&[client.clone(), server.clone()]),
            "ClientOrServerError"
        );
        assert_eq!(name_of(std::slice::from_ref(&missing)), "NotFoundError");
        assert_eq!(
            name_of(&[missing, client, server, default]),
            "NotFoundOrClientOrOtherError"
        );
    }
}
