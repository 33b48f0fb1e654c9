//! `kefu demo` and `kefu bench`. OWNER: demo helper.
