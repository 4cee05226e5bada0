package dev.signet.ca.config;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One provisioner: a named way to obtain certificates. This release knows type {@code ACME} (RFC 8555, served at
 * {@code /acme/{name}/directory}). {@code claims} may override the authority's. Immutable.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProvisionerConfig(String name, String type, Claims claims) {}
