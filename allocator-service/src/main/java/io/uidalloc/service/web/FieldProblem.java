package io.uidalloc.service.web;

/** One invalid field of a request: its JSON path and what is wrong with its value. */
public record FieldProblem(String field, String message) {}
