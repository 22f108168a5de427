//! Reading an uploaded file out of a multipart body, bounded in size.

use crate::error::ApiError;

/// The file sent in multipart field `name`, with its file name, reading at most `max_bytes`
/// of it (413 above; other fields are read and dropped but count towards the limit too).
pub async fn read_file_field(
    mut payload: actix_multipart::Multipart,
    name: &str,
    max_bytes: usize,
) -> Result<Option<(String, Vec<u8>)>, ApiError> {
    use futures_util::StreamExt;
    let mut found = None;
    let mut received = 0_usize;
    while let Some(field) = payload.next().await {
        let mut field = field.map_err(multipart_error)?;
        let wanted = field.name() == Some(name);
        let file_name = field
            .content_disposition()
            .and_then(|d| d.get_filename())
            .unwrap_or("")
            .to_owned();
        let mut bytes = Vec::new();
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(multipart_error)?;
            received += chunk.len();
            if received > max_bytes + 16 * 1024 {
                return Err(ApiError::PayloadTooLarge);
            }
            if wanted {
                bytes.extend_from_slice(&chunk);
            }
        }
        if wanted {
            if bytes.len() > max_bytes {
                return Err(ApiError::PayloadTooLarge);
            }
            found = Some((file_name, bytes));
        }
    }
    Ok(found)
}

fn multipart_error(error: actix_multipart::MultipartError) -> ApiError {
    match &error {
        actix_multipart::MultipartError::Payload(payload)
            if crate::body_deadline::is_too_slow(payload) =>
        {
            ApiError::RequestTimeout
        }
        _ => ApiError::Malformed(error.to_string()),
    }
}
