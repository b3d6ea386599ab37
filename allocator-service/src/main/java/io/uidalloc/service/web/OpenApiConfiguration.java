package io.uidalloc.service.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.uidalloc.service.security.Caller;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document at {@code /v3/api-docs}: bearer authentication, and no trace of the internal caller type. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    static {
        // Controllers take the authenticated caller as a parameter; it comes from the token, not from the request.
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(Caller.class);
    }

    @Bean
    OpenAPI uidallocOpenApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("uidalloc")
                        .description("Fleet-wide allocator of host UID/GID blocks for Linux user namespaces."
                                + " Errors are RFC 9457 problem details; docs/api.md describes every one.")
                        .version("v1"))
                .components(new Components()
                        .addSecuritySchemes(
                                "bearer",
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("bearer")
                                        .description("The admin token, a tenant's token or a node's token")))
                .addSecurityItem(new SecurityRequirement().addList("bearer"));
    }
}
