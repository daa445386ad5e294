# Warnings high for our own targets: call omg_warnings(target).
function(omg_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
                                           -Wno-sign-conversion)
  if(OMG_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

if(OMG_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()
