//! `kefu report`. OWNER: engine helper.
